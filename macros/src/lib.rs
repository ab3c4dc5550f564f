//! The `service!` macro of [stackwright](https://docs.rs/stackwright): a serverless.yml-shaped
//! declaration checked by stackwright's own rules while `cargo check` runs.
//!
//! This crate only parses and maps spans. It turns the literal parts of the input into the same
//! `serde_json::Value` tree a serverless.json file would give, runs `stackwright-core`'s loader
//! and checks on it ([`Service::from_value`] then [`Service::check`]) and places every error on the
//! token its config path names. A declaration of literals expands to the builder calls that declare
//! the loaded model (`stackwright_core::codegen`, the code `stackwright convert --style builder`
//! prints); one with run-time values expands to loading its tree, values patched in, through the
//! very same loader (`stackwright::__private::service`). Either way the compile-time check and the
//! run-time service can never disagree. Use it through the facade: `stackwright::service! { ... }`.

mod brand;

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use serde_json::{Map, Number, Value};
use stackwright_core::Service;
use stackwright_core::codes;
use stackwright_core::config_path::{index, join};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, Ident, LitBool, LitFloat, LitInt, LitStr, Token, braced, bracketed};

/// Declares a service in serverless.yml's shape and returns a `stackwright::Service`. Literal
/// values are validated at compile time, Rust expressions (constants, variables, `env!(..)`,
/// calls) at `synth()` by the same rules. Relative artifact paths resolve against the invoking
/// crate's `CARGO_MANIFEST_DIR`.
///
/// The service has a brand of its own, as with [`new_service!`] (named after the literal
/// `service:` value): its capacity-provider handles fit only its own functions. A function
/// returning it is declared `-> stackwright::Service<impl stackwright::Brand>`.
///
/// ```
/// const RUNTIME: &str = "nodejs24.x";
/// let svc = stackwright::service! {
///     service: "my-service",
///     provider: {
///         name: "aws",
///         runtime: RUNTIME,
///         vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
///         capacityProviders: { "cost-optimized": { instanceRequirements: { allowedInstanceTypes: ["m7a.large"] } } },
///     },
///     package: { artifact: "dist/service.zip" },
///     functions: {
///         api: { handler: "handler.api", capacityProvider: { name: "cost-optimized", maxConcurrency: 64 } },
///     },
/// };
/// assert!(!svc.check().has_errors());
/// ```
///
/// A literal that breaks a rule does not compile, with the error on that token:
///
/// ```compile_fail
/// let svc = stackwright::service! {
///     service: "my-service",
///     provider: { name: "aws", runtime: "nodejs24.x", vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] } },
///     package: { artifact: "dist/service.zip" },
///     functions: { api: { handler: "handler.api", capacityProvider: { name: "default", maxConcurrency: 5000 } } },
/// };
/// ```
#[proc_macro]
pub fn service(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into()).into()
}

/// Declares a new, empty service named by its argument and returns it as a
/// `stackwright::Service<Brand>`, where `Brand` is a marker type declared for this service alone
/// (named after it: `"orders-api"` gives `OrdersApi`; `ThisService` when the argument is not a
/// string literal or makes no type name). The capacity-provider handles the service returns carry
/// that brand, so a handle used in a function of another service does not compile.
///
/// ```
/// use stackwright::*;
/// let mut svc = stackwright::new_service!("orders-api");
/// svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
/// svc.package_artifact("dist/service.zip");
/// let pool = svc.capacity_provider("pool", CapacityProvider::new());
/// svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
/// assert!(!svc.check().has_errors());
/// ```
///
/// The handle of another service does not compile: "this function runs on a capacity provider of
/// another service".
///
/// ```compile_fail,E0277
/// use stackwright::*;
/// let mut orders = stackwright::new_service!("orders-api");
/// let mut billing = stackwright::new_service!("billing");
/// let pool = orders.capacity_provider("pool", CapacityProvider::new());
/// billing.function("invoice", Function::handler("handler.invoice").capacity_provider(&pool));
/// ```
///
/// The name may be any expression of a type `Into<String>`:
///
/// ```
/// let name = format!("orders-{}", 2);
/// let svc = stackwright::new_service!(name);
/// assert_eq!(svc.config().service, "orders-2");
/// ```
///
/// The brand belongs to the invocation, not to the value: a clone of the service, or every service
/// one function returns from the same `new_service!`, shares it. To return a declared service from
/// a function, write `-> Service<impl Brand>`.
#[proc_macro]
pub fn new_service(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    brand::new_service(input.into()).into()
}

/// One parsed value. Literals become JSON; expressions are evaluated at run time.
enum Node {
    Literal(Value),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
    Expr,
}

/// Where a config path was written: its key (if any) and the value's first and last tokens.
#[derive(Clone)]
struct Place {
    key: Option<Span>,
    start: Span,
    end: Span,
    container: bool,
    /// A scalar literal's text, to tell whether a message is about the value or the key.
    text: Option<String>,
}

/// A path step for patching run-time values into the tree.
#[derive(Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Default)]
struct Ctx {
    places: HashMap<String, Place>,
    /// Expression values: their path (segments and dotted form) and the expression.
    exprs: Vec<(Vec<Seg>, String, Expr)>,
    /// Errors that do not stop parsing (duplicate keys).
    errors: Vec<syn::Error>,
}

fn expand(input: TokenStream) -> TokenStream {
    let mut ctx = Ctx::default();
    let parsed = (|stream: ParseStream| parse_object_body(stream, "", &[], &mut ctx)).parse2(input);
    let entries = match parsed {
        Ok(entries) => entries,
        Err(e) => return e.to_compile_error(),
    };
    let root = Node::Object(entries);
    let call_site = Span::call_site();
    ctx.places
        .insert(String::new(), Place { key: None, start: call_site, end: call_site, container: true, text: None });

    let value = to_json(&root);
    let mut errors = std::mem::take(&mut ctx.errors);
    // With a duplicate key the tree is not what the user wrote (one entry was dropped), so its
    // diagnostics could be misleading: report the duplicate alone.
    let mut loaded = None;
    if errors.is_empty() {
        let (found, service) = check(&value, &ctx);
        errors.extend(found);
        loaded = service;
    }

    let compile_errors = errors.iter().map(syn::Error::to_compile_error);
    let service = match loaded {
        Some(service) if errors.is_empty() && ctx.exprs.is_empty() => builder_calls(&service),
        _ => None,
    };
    let service = service.unwrap_or_else(|| load_at_run_time(&value, &ctx));
    let unbranded = quote! {
        {
            #(#compile_errors)*
            #service
        }
    };
    brand::branded(value.get("service").and_then(Value::as_str), unbranded)
}

/// A declaration made only of literals, checked without errors, expands to the builder calls that
/// declare its model ([`stackwright_core::codegen`], as `stackwright convert --style builder`
/// prints them), so what the macro builds is what that builder code builds.
fn builder_calls(service: &Service) -> Option<TokenStream> {
    use stackwright_core::codegen::{Target, builder_statements, service_variable};
    let statements: TokenStream = builder_statements(service.config(), Target::Expansion).parse().ok()?;
    let svc = Ident::new(service_variable(Target::Expansion), Span::call_site());
    Some(quote! {
        {
            #statements
            #svc.base_dir(::std::env!("CARGO_MANIFEST_DIR"));
            #svc
        }
    })
}

/// A declaration with run-time values (a `const`, a variable, `env!(..)`) of any serializable
/// type: the literal tree with those values patched in, loaded by core's loader at run time, so
/// that a value of the wrong type or out of range is reported by `synth()` under its config path
/// (a builder method would need the value's type to be the model's). Also the expansion of a
/// declaration with compile errors, so that they are the only errors shown.
fn load_at_run_time(value: &Value, ctx: &Ctx) -> TokenStream {
    let json = value.to_string();
    let patches = ctx.exprs.iter().map(|(segs, _, expr)| {
        let segs = segs.iter().map(|s| match s {
            Seg::Key(k) => quote!(::stackwright::__private::Seg::Key(#k)),
            Seg::Index(i) => quote!(::stackwright::__private::Seg::Index(#i)),
        });
        quote!((&[#(#segs),*], ::stackwright::__private::to_value(&(#expr))))
    });
    quote! {
        ::stackwright::__private::service(
            #json,
            ::std::vec![#(#patches),*],
            ::std::env!("CARGO_MANIFEST_DIR"),
        )
    }
}

/// Runs core's loader and checks on the literal tree; every error not decided by a run-time value
/// becomes a `syn::Error` at the place its path names. Also returns the loaded service, if the
/// tree loaded.
fn check(value: &Value, ctx: &Ctx) -> (Vec<syn::Error>, Option<Service>) {
    let (diagnostics, loaded) = match Service::from_rust_value(value) {
        Ok(service) => (service.check(), Some(service)),
        Err(diagnostics) => (diagnostics, None),
    };
    let deferred: Vec<Vec<String>> = ctx.exprs.iter().map(|(_, path, _)| deferral_scope(path)).collect();
    // Whole-template findings (resource and output counts, size, references in the generated
    // template) have template paths (`Resources.X`, `Outputs`, ``); any run-time value may change them.
    let config_sections = ["service", "frameworkVersion", "provider", "package", "functions", "layers", "resources"];
    let template_level = |path: &str| !config_sections.iter().any(|section| is_within(path, section));
    let is_deferred = |path: &str| {
        deferred.iter().flatten().any(|scope| is_within(path, scope)) || (!ctx.exprs.is_empty() && template_level(path))
    };
    // A rule about the literal alone (its range, its enumeration, its key) cannot be changed by a
    // run-time value elsewhere: it is reported unless a value in the same object is run-time
    // (`scaling.min` against a run-time `scaling.max`).
    let literal_only = |code: &str, path: &str| {
        let object = parent_path(path);
        LITERAL_ONLY.contains(&code)
            && !ctx.exprs.iter().any(|(_, expr, _)| is_within(expr, object) || is_within(object, expr))
    };
    let mut errors = Vec::new();
    for d in diagnostics.errors().filter(|d| literal_only(d.code, &d.path) || !is_deferred(&d.path)) {
        let place = locate(&ctx.places, &d.path, d.code, &d.message);
        let mut message = format!("{} [{}]", d.message, d.code);
        if !d.help.is_empty() {
            message.push_str("\nhelp: ");
            message.push_str(&d.help);
        }
        errors.push(spanned_error(place.0, place.1, message));
        if d.code == codes::LOGICAL_ID_COLLISION {
            errors.extend(other_colliding_names(&ctx.places, &d.path, &d.message));
        }
    }
    (errors, loaded)
}

/// Rules decided by one literal (and its siblings) alone: see `literal_only` in [`check`].
const LITERAL_ONLY: &[&str] = &[
    codes::CONFIG_UNKNOWN_KEY,
    codes::CONFIG_UNSUPPORTED_KEY,
    codes::CONFIG_INVALID_VALUE,
    codes::LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY,
    codes::LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG,
    codes::LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY,
    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_MAX_VCPU_COUNT,
    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_MODE,
    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_POLICIES,
    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE,
    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_KMS_KEY,
    codes::INVALID_REGION,
    codes::INVALID_DEPLOYMENT_BUCKET,
];

/// `a.b[0].c` → `a.b[0]` → `a.b` → `a` → ``.
fn parent_path(path: &str) -> &str {
    path.rfind(['.', '[']).map_or("", |i| &path[..i])
}

/// A collision is reported at the later name; point at the earlier name(s) too, so both show.
/// Core's message quotes every colliding key; here we only find where those keys were written
/// (siblings of the reported entry).
fn other_colliding_names(places: &HashMap<String, Place>, path: &str, message: &str) -> Vec<syn::Error> {
    let path = path.strip_suffix(".name").unwrap_or(path);
    let Some((parent, reported)) = path.rsplit_once('.') else { return Vec::new() };
    let mut others: Vec<(&str, Span)> = places
        .iter()
        .filter_map(|(p, place)| {
            let key = p.strip_prefix(parent)?.strip_prefix('.')?;
            let quoted = message.contains(&format!("\"{key}\""));
            (quoted && key != reported && !key.contains(['.', '['])).then_some((key, place.key?))
        })
        .collect();
    others.sort_by_key(|(key, _)| *key);
    others
        .into_iter()
        .map(|(key, span)| {
            syn::Error::new(
                span,
                format!("`{key}` is the other name of this collision with `{reported}` [LOGICAL_ID_COLLISION]"),
            )
        })
        .collect()
}

/// The config paths whose diagnostics an expression value at `path` may change: those stay for
/// `synth()` instead of being reported at compile time, so a run-time value never causes a false
/// compile error. A function's settings only concern that function; a capacity provider's also
/// concern the functions that may run on it; a function's deployed name all functions; an artifact
/// path only itself; a value inside one of the user's resources only the resources (it cannot add
/// or remove one, and only its `Type` could change what a reference to it means); anything
/// service-wide (name, stage, provider defaults, VPC, the resources as a whole) may concern
/// everything. (Template-wide findings are deferred by any run-time value, see `check`.)
fn deferral_scope(path: &str) -> Vec<String> {
    let segs: Vec<&str> = path.split(['.', '[']).collect();
    match segs.as_slice() {
        ["resources"]
        | ["resources", "Resources"]
        | ["resources", "Resources", _]
        | ["resources", "Resources", _, "Type"] => {
            vec![String::new()]
        }
        ["resources", ..] => vec!["resources".to_string()],
        ["package", ..] | ["functions", _, "package", ..] => vec![path.to_string()],
        // A deployed name can collide with any other function's name.
        ["functions", _, "name", ..] => vec!["functions".to_string()],
        ["functions", f, ..] => vec![format!("functions.{f}")],
        ["provider", "capacityProviders", cp, ..] => {
            vec![format!("provider.capacityProviders.{cp}"), "functions".to_string()]
        }
        _ => vec![String::new()],
    }
}

/// Whether `path` is `scope` or below it (`""` contains everything).
fn is_within(path: &str, scope: &str) -> bool {
    scope.is_empty() || path.strip_prefix(scope).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The tokens a diagnostic at `path` belongs on: the value for a bad value, the key for an unknown
/// key, a whole object (a function, a capacity provider) or a message about the key itself (it
/// quotes the key and does not mention the value: a reserved variable name), else the nearest enclosing entry.
fn locate(places: &HashMap<String, Place>, path: &str, code: &str, message: &str) -> (Span, Span) {
    let key_codes = codes::ABOUT_THE_KEY;
    let last = path.rsplit(['.', '[']).next().unwrap_or_default();
    let about_key = |place: &Place| {
        message.contains(&format!("\"{last}\"")) && place.text.as_deref().is_some_and(|text| !message.contains(text))
    };
    let mut current = path;
    let mut exact = true;
    loop {
        if let Some(place) = places.get(current) {
            let on_key = !exact || place.container || key_codes.contains(&code) || about_key(place);
            return match place.key {
                Some(key) if on_key => (key, key),
                _ => (place.start, place.end),
            };
        }
        exact = false;
        match current.rfind(['.', '[']) {
            Some(i) => current = &current[..i],
            None if current.is_empty() => return (Span::call_site(), Span::call_site()),
            None => current = "",
        }
    }
}

/// An error covering the tokens from `start` to `end`.
fn spanned_error(start: Span, end: Span, message: String) -> syn::Error {
    let tokens = quote_spanned!(start=> __start);
    let last = quote_spanned!(end=> __end);
    syn::Error::new_spanned(quote!(#tokens #last), message)
}

/// `key: value, ...` until the end of `input`.
fn parse_object_body(input: ParseStream, path: &str, segs: &[Seg], ctx: &mut Ctx) -> syn::Result<Vec<(String, Node)>> {
    let mut entries: Vec<(String, Node)> = Vec::new();
    while !input.is_empty() {
        let (key, key_span) = parse_key(input)?;
        input.parse::<Token![:]>()?;
        let child_path = join(path, &key);
        let mut child_segs = segs.to_vec();
        child_segs.push(Seg::Key(key.clone()));
        let node = parse_value(input, &child_path, &child_segs, Some(key_span), ctx)?;
        if entries.iter().any(|(k, _)| *k == key) {
            ctx.errors.push(syn::Error::new(key_span, format!("duplicate key `{key}`")));
        } else {
            entries.push((key, node));
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(entries)
}

/// A key: a name (`runtime`, `r#type`), a quoted name (`"cost-optimized"`, `"Fn::GetAtt"`) or a number.
fn parse_key(input: ParseStream) -> syn::Result<(String, Span)> {
    let lookahead = input.lookahead1();
    if lookahead.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        Ok((lit.value(), lit.span()))
    } else if lookahead.peek(LitInt) {
        let lit: LitInt = input.parse()?;
        Ok((lit.base10_digits().to_string(), lit.span()))
    } else if input.peek(Ident::peek_any) {
        let ident = Ident::parse_any(input)?;
        Ok((ident.unraw().to_string(), ident.span()))
    } else {
        Err(syn::Error::new(input.span(), "expected a key: a name, a \"quoted-name\" or a number"))
    }
}

fn parse_value(input: ParseStream, path: &str, segs: &[Seg], key: Option<Span>, ctx: &mut Ctx) -> syn::Result<Node> {
    let start = input.span();
    let place = |ctx: &mut Ctx, end: Span, container: bool, text: Option<String>| {
        ctx.places.insert(path.to_string(), Place { key, start, end, container, text });
    };
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        place(ctx, lit.span(), false, Some(lit.value()));
        return Ok(Node::Literal(Value::String(lit.value())));
    }
    if input.peek(LitBool) {
        let lit: LitBool = input.parse()?;
        place(ctx, lit.span, false, Some(lit.value.to_string()));
        return Ok(Node::Literal(Value::Bool(lit.value)));
    }
    let negative = input.peek(Token![-]) && (input.peek2(LitInt) || input.peek2(LitFloat));
    if negative || input.peek(LitInt) || input.peek(LitFloat) {
        if negative {
            input.parse::<Token![-]>()?;
        }
        let (number, end) = parse_number(input, negative)?;
        place(ctx, end, false, Some(number.to_string()));
        return Ok(Node::Literal(Value::Number(number)));
    }
    if input.peek(Ident) && !input.peek2(Token![::]) && !input.peek2(Token![!]) && !input.peek2(syn::token::Paren) {
        let fork = input.fork();
        let ident: Ident = fork.parse()?;
        if ident == "null" && (fork.is_empty() || fork.peek(Token![,])) {
            input.parse::<Ident>()?;
            place(ctx, ident.span(), false, None);
            return Ok(Node::Literal(Value::Null));
        }
    }
    if let Some(intrinsic) = intrinsic_shorthand(input) {
        // `get_att!("Res", "Arn")` is `{ "Fn::GetAtt": ["Res", "Arn"] }`, and so on.
        let name: Ident = input.parse()?;
        input.parse::<Token![!]>()?;
        let content;
        let paren = syn::parenthesized!(content in input);
        place(ctx, paren.span.join(), true, None);
        let inner_path = join(path, intrinsic);
        let mut inner_segs = segs.to_vec();
        inner_segs.push(Seg::Key(intrinsic.to_string()));
        let mut args = Vec::new();
        while !content.is_empty() {
            let arg_path = format!("{inner_path}[{}]", args.len());
            let mut arg_segs = inner_segs.clone();
            arg_segs.push(Seg::Index(args.len()));
            args.push(parse_value(&content, &arg_path, &arg_segs, None, ctx)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        // `Fn::GetAtt` takes a list; the one-argument intrinsics take the value itself.
        let value = match (intrinsic, args.len()) {
            ("Fn::GetAtt", 2) => Node::Array(args),
            ("Fn::ImportValue" | "Fn::Sub", 1) => args.remove(0),
            _ => {
                let expected = if intrinsic == "Fn::GetAtt" { "two arguments" } else { "one argument" };
                return Err(syn::Error::new(name.span(), format!("`{name}!` takes {expected}")));
            }
        };
        if let Node::Array(_) = value {
            ctx.places.insert(
                inner_path.clone(),
                Place { key: None, start, end: paren.span.join(), container: true, text: None },
            );
        }
        return Ok(Node::Object(vec![(intrinsic.to_string(), value)]));
    }
    if input.peek(syn::token::Brace) {
        let content;
        let brace = braced!(content in input);
        let span = brace.span.join();
        place(ctx, span, true, None);
        let entries = parse_object_body(&content, path, segs, ctx)?;
        return Ok(Node::Object(entries));
    }
    if input.peek(syn::token::Bracket) {
        let content;
        let bracket = bracketed!(content in input);
        let span = bracket.span.join();
        place(ctx, span, true, None);
        let mut items = Vec::new();
        while !content.is_empty() {
            let item_path = index(path, items.len());
            let mut item_segs = segs.to_vec();
            item_segs.push(Seg::Index(items.len()));
            items.push(parse_value(&content, &item_path, &item_segs, None, ctx)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        return Ok(Node::Array(items));
    }
    // Anything else is a Rust expression, evaluated at run time.
    let expr: Expr = input.parse()?;
    let end = last_span(&expr).unwrap_or(start);
    place(ctx, end, false, None);
    ctx.exprs.push((segs.to_vec(), path.to_string(), expr.clone()));
    Ok(Node::Expr)
}

/// The intrinsic a shorthand macro call stands for: `get_att!`, `import_value!`, `sub!`.
fn intrinsic_shorthand(input: ParseStream) -> Option<&'static str> {
    if !(input.peek(Ident) && input.peek2(Token![!])) {
        return None;
    }
    let ident: Ident = input.fork().parse().ok()?;
    match ident.to_string().as_str() {
        "get_att" => Some("Fn::GetAtt"),
        "import_value" => Some("Fn::ImportValue"),
        "sub" => Some("Fn::Sub"),
        _ => None,
    }
}

fn parse_number(input: ParseStream, negative: bool) -> syn::Result<(Number, Span)> {
    let sign = if negative { "-" } else { "" };
    if input.peek(LitInt) {
        let lit: LitInt = input.parse()?;
        let text = format!("{sign}{}", lit.base10_digits());
        let number = match text.parse::<i64>() {
            Ok(n) => Number::from(n),
            Err(_) => match text.parse::<u64>() {
                Ok(n) => Number::from(n),
                Err(_) => return Err(syn::Error::new(lit.span(), "integer out of range")),
            },
        };
        return Ok((number, lit.span()));
    }
    let lit: LitFloat = input.parse()?;
    let text = format!("{sign}{}", lit.base10_digits());
    match text.parse::<f64>().ok().and_then(Number::from_f64) {
        Some(number) => Ok((number, lit.span())),
        None => Err(syn::Error::new(lit.span(), "not a finite number")),
    }
}

/// The span of an expression's last token, so errors cover the whole expression.
fn last_span(expr: &Expr) -> Option<Span> {
    quote!(#expr).into_iter().last().map(|t| t.span())
}

fn to_json(node: &Node) -> Value {
    match node {
        Node::Literal(v) => v.clone(),
        Node::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Node::Object(entries) => {
            Value::Object(entries.iter().map(|(k, v)| (k.clone(), to_json(v))).collect::<Map<_, _>>())
        }
        // A placeholder; diagnostics it could cause are deferred (see `deferral_scope`).
        Node::Expr => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(input: &str) -> String {
        let tokens: TokenStream = input.parse().expect("test input tokenizes");
        expand(tokens).to_string()
    }

    #[test]
    fn malformed_input_is_an_error_never_a_panic() {
        let inputs = [
            "",
            ",",
            ":",
            "service",
            "service:",
            "service: ,",
            "service: \"s\" provider",
            "service: \"s\",, provider: {}",
            "1.5: 2",
            "service: [1, 2,, 3]",
            "service: { a: }",
            "service: - ",
            "service: -x",
            "service: 99999999999999999999999999",
            "service: 1e999",
            "service: null, provider: null, functions: null",
            "functions: { f: { capacityProvider: { \"Fn::GetAtt\": [] } } }",
            "functions: { f: { handler: 1, memorySize: -1, timeout: 1.5 } }",
            "service: \"s\", provider: { name: \"aws\", capacityProviders: { \"\": {} } }",
            "provider: { capacityProviders: { a: null, b: [], c: 1 } }",
            "service: r#type, provider: { r#type: {} }",
            "service: \"s\", service: \"t\", service: \"u\"",
        ];
        for input in inputs {
            let output = errors(input);
            assert!(output.contains("compile_error") || output.contains("__private"), "{input}: {output}");
        }
    }

    #[test]
    fn random_token_soup_never_panics() {
        // A deterministic generator: no dependency, same sequences every run.
        let mut state: u64 = 0x5eed;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let vocabulary = [
            "service",
            "provider",
            "functions",
            "capacityProviders",
            "name",
            "handler",
            "capacityProvider",
            "\"aws\"",
            "\"x\"",
            "\"Fn::GetAtt\"",
            "1",
            "-1",
            "2.5",
            "true",
            "null",
            "X",
            "f()",
            "env!(\"A\")",
            ":",
            ",",
            "{",
            "}",
            "[",
            "]",
            "-",
            "!",
            "::",
            ";",
        ];
        for _ in 0..3000 {
            let len = next(24);
            let text: Vec<&str> = (0..len).map(|_| vocabulary[next(vocabulary.len())]).collect();
            // Unbalanced delimiters do not even tokenize; the compiler rejects those before us.
            let Ok(tokens) = text.join(" ").parse::<TokenStream>() else { continue };
            let _ = expand(tokens);
        }
    }

    #[test]
    fn random_well_formed_services_never_panic() {
        let mut state: u64 = 0xfeed;
        let mut next = move |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        const KEYS: &[&str] = &[
            "service",
            "provider",
            "functions",
            "capacityProviders",
            "name",
            "runtime",
            "vpc",
            "subnetIds",
            "securityGroupIds",
            "handler",
            "image",
            "capacityProvider",
            "maxConcurrency",
            "memoryPerVCpu",
            "scaling",
            "min",
            "max",
            "mode",
            "policies",
            "targetValue",
            "memorySize",
            "architecture",
            "package",
            "artifact",
            "\"Fn::GetAtt\"",
            "Ref",
            "resources",
            "Resources",
            "Outputs",
            "\"default\"",
            "\"a-b\"",
            "aDashb",
        ];
        const SCALARS: &[&str] = &[
            "\"aws\"",
            "\"nodejs24.x\"",
            "\"arm64\"",
            "\"manual\"",
            "0",
            "-3",
            "4",
            "99999",
            "70.5",
            "true",
            "null",
            "\"\"",
            "X",
        ];
        fn value(next: &mut dyn FnMut(usize) -> usize, depth: usize) -> String {
            match if depth > 3 { 0 } else { next(4) } {
                0 | 1 => SCALARS[next(SCALARS.len())].to_string(),
                2 => format!("[{}]", (0..next(3)).map(|_| value(next, depth + 1)).collect::<Vec<_>>().join(", ")),
                _ => format!("{{{}}}", object(next, depth + 1)),
            }
        }
        fn object(next: &mut dyn FnMut(usize) -> usize, depth: usize) -> String {
            (0..next(5))
                .map(|_| format!("{}: {}", KEYS[next(KEYS.len())], value(next, depth)))
                .collect::<Vec<_>>()
                .join(", ")
        }
        for _ in 0..2000 {
            let text = object(&mut next, 0);
            let tokens: TokenStream = text.parse().expect("generated input tokenizes");
            let _ = expand(tokens);
        }
    }

    #[test]
    fn literal_errors_are_compile_errors_and_expressions_are_deferred() {
        let base = |concurrency: &str| {
            format!(
                "service: \"svc\", provider: {{ name: \"aws\", runtime: \"nodejs24.x\", vpc: {{ subnetIds: \
                 [\"subnet-0abc1234\"], securityGroupIds: [\"sg-0abc1234\"] }} }}, package: {{ artifact: \"a.zip\" }}, \
                 functions: {{ f: {{ handler: \"h.f\", capacityProvider: {{ name: \"default\", maxConcurrency: \
                 {concurrency} }} }} }}"
            )
        };
        let ok = errors(&base("100"));
        assert!(!ok.contains("compile_error"), "{ok}");
        assert!(errors(&base("5000")).contains("LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY"));
        assert!(!errors(&base("MAX")).contains("compile_error"));
    }

    #[test]
    fn run_time_values_defer_only_what_they_can_change() {
        let config = |memory_size: &str, queue_name: &str| {
            format!(
                "service: \"svc\", provider: {{ name: \"aws\", runtime: \"nodejs24.x\", vpc: {{ subnetIds: \
                 [\"subnet-0abc1234\"], securityGroupIds: [\"sg-0abc1234\"] }} }}, package: {{ artifact: \"a.zip\" }}, \
                 functions: {{ f: {{ handler: \"h.f\", memorySize: {memory_size}, capacityProvider: {{ name: \"default\", \
                 memoryPerVCpu: 6 }} }} }}, resources: {{ Resources: {{ Queue: {{ Type: \"AWS::SQS::Queue\", \
                 Properties: {{ QueueName: {queue_name} }} }} }} }}"
            )
        };
        // A run-time value in a resource, or in the same function: memoryPerVCpu 6 is still an error.
        for (memory, queue) in [("4096", "QUEUE"), ("MEMORY", "\"q\""), ("MEMORY", "QUEUE")] {
            let out = errors(&config(memory, queue));
            assert!(out.contains("[LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY]"), "{memory} {queue}: {out}");
        }
        // A run-time value beside it in the same object defers it.
        let sibling = config("4096", "\"q\"").replace("memoryPerVCpu: 6", "memoryPerVCpu: 6, maxConcurrency: MAX");
        assert!(!errors(&sibling).contains("compile_error"), "{}", errors(&sibling));
    }

    #[test]
    fn literals_expand_to_builder_calls_and_run_time_values_to_the_loader() {
        let config = |concurrency: &str| {
            format!(
                "service: \"svc\", provider: {{ name: \"aws\", runtime: \"nodejs24.x\", vpc: {{ subnetIds: \
                 [\"subnet-0abc1234\"], securityGroupIds: [\"sg-0abc1234\"] }}, capacityProviders: {{ highMem: {{ \
                 instanceRequirements: {{ allowedInstanceTypes: [\"r7g.large\"] }} }} }} }}, package: {{ artifact: \
                 \"a.zip\" }}, functions: {{ f: {{ handler: \"h.f\", capacityProvider: {{ name: \"highMem\", \
                 maxConcurrency: {concurrency} }} }} }}"
            )
        };
        let literal = errors(&config("100")).replace(' ', "");
        for call in [
            "letmut__stackwright_svc=::stackwright::__private::Service::new(\"svc\");",
            "let__stackwright_high_mem=__stackwright_svc.capacity_provider(\"highMem\",::stackwright::__private::CapacityProvider::new()",
            "::stackwright::__private::Function::handler(\"h.f\").capacity_provider(__stackwright_high_mem.with().max_concurrency(100))",
        ] {
            assert!(literal.contains(call), "{call} in {literal}");
        }
        assert!(!literal.contains("__private::service("), "{literal}");
        let run_time = errors(&config("MAX")).replace(' ', "");
        assert!(run_time.contains("::stackwright::__private::service("), "{run_time}");
        assert!(!run_time.contains("Function::handler"), "{run_time}");
    }

    #[test]
    fn run_time_values_never_cause_cross_entry_errors() {
        let head = "service: \"svc\", provider: { name: \"aws\", runtime: \"nodejs24.x\", vpc: { subnetIds: \
                    [\"subnet-0abc1234\"], securityGroupIds: [\"sg-0abc1234\"] } }, package: { artifact: \"a.zip\" }";
        // `b` takes `a`'s default name; `a`'s own name is only known at run time.
        let names = format!(
            "{head}, functions: {{ a: {{ handler: \"h.a\", name: A_NAME }}, b: {{ handler: \"h.b\", name: \"svc-dev-a\" }} }}"
        );
        assert!(!errors(&names).contains("compile_error"), "{}", errors(&names));
        // 200 versioned functions exceed the output limit, unless `versionFunction` turns out false.
        let functions: Vec<String> =
            (0..201).map(|i| format!("f{i}: {{ handler: \"h.f\", versionFunction: VERSIONS }}")).collect();
        let many = format!("{head}, functions: {{ {} }}", functions.join(", "));
        assert!(!errors(&many).contains("compile_error"), "{}", errors(&many));
        // The same with literals: both are compile errors.
        assert!(errors(&names.replace("A_NAME", "null")).contains("LOGICAL_ID_COLLISION"));
        assert!(errors(&many.replace("VERSIONS", "true")).contains("TEMPLATE_TOO_MANY"));
    }

    #[test]
    fn deferral_scopes() {
        assert_eq!(deferral_scope("functions.f.memorySize"), ["functions.f"]);
        assert_eq!(deferral_scope("functions.f.name"), ["functions"]);
        assert_eq!(deferral_scope("package.artifact"), ["package.artifact"]);
        assert_eq!(deferral_scope("provider.capacityProviders.p.vpc"), ["provider.capacityProviders.p", "functions"]);
        assert_eq!(deferral_scope("provider.vpc.subnetIds[0]"), [""]);
        assert_eq!(deferral_scope("resources.Resources.Queue.Properties.QueueName"), ["resources"]);
        assert_eq!(deferral_scope("resources.Resources.Queue.Type"), [""]);
        assert_eq!(deferral_scope("resources"), [""]);
        assert!(is_within("functions.f.x", "functions.f"));
        assert!(!is_within("functions.fg", "functions.f"));
        assert!(is_within("anything", ""));
    }
}
