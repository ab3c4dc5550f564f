//! Rust source for the builder calls that declare a given model: `stackwright convert` prints it
//! as a program, and `service!` expands to it, so a declaration, its converted program and its
//! macro form all go through the same builder API.
//!
//! Where a setting has no builder method (e.g. `package.individually`, or two architectures on one
//! provider), the code sets the model field directly after the builder call, so nothing is lost.

use std::fmt::Write as _;

use heck::ToSnakeCase;
use serde_json::Value;

use crate::model::{
    CapacityProviderConfig, CapacityProviderRef, CapacityProviderScaling, CompatibleRuntime, Expr, Function,
    FunctionCapacityProvider, FunctionScaling, FunctionVpc, InstanceRequirements, Intrinsic, MetricType, ScalingMode,
    ScalingPolicy, ServiceConfig, Vpc,
};

/// Who reads the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A program a person reads and edits (`stackwright convert`): short names, after
    /// `use stackwright::*;`.
    Program,
    /// The expansion of `service!`: every stackwright item through `::stackwright::__private::`,
    /// the prelude names it uses imported at the top of the block (so that user items of the same
    /// names change nothing), and variables named `__stackwright_*` (so that no user constant can
    /// turn a `let` into a pattern).
    Expansion,
}

/// The variable that holds the service in code generated for `target`; the statements end with
/// it declared and complete.
pub fn service_variable(target: Target) -> &'static str {
    match target {
        Target::Program => "svc",
        Target::Expansion => "__stackwright_svc",
    }
}

/// Statements that declare `config` with the builder API into `let mut` [`service_variable`], one
/// per line.
///
/// ```
/// use stackwright_core::*;
/// use stackwright_core::codegen::{builder_statements, Target};
/// let mut svc = Service::new("svc");
/// svc.function("api", Function::handler("h.api"));
/// let code = builder_statements(svc.config(), Target::Program);
/// assert!(code.contains(r#"let mut svc = Service::new("svc");"#));
/// assert!(code.contains(r#"svc.function("api", Function::handler("h.api"));"#));
/// let expansion = builder_statements(svc.config(), Target::Expansion);
/// assert!(expansion.contains(r#"__stackwright_svc.function("api", ::stackwright::__private::Function::handler("h.api"));"#));
/// ```
pub fn builder_statements(config: &ServiceConfig, target: Target) -> String {
    let (p, vars) = match target {
        Target::Program => ("", ""),
        Target::Expansion => ("::stackwright::__private::", "__stackwright_"),
    };
    let mut g = Gen { p, vars, svc: service_variable(target), out: String::new(), handles: Vec::new() };
    if target == Target::Expansion {
        // Explicit imports in the block beat any user item of the same name in outer scopes.
        g.line(
            "#[allow(unused_imports)] use ::core::{option::Option::{Some, None}, default::Default, \
             convert::Into, iter::{IntoIterator, Iterator}};",
        );
        g.line("#[allow(unused_imports)] use ::std::{vec, vec::Vec, string::{String, ToString}};");
    }
    g.service(config);
    g.out
}

struct Gen<'p> {
    /// The path stackwright items are named through.
    p: &'p str,
    /// The prefix of generated variable names.
    vars: &'p str,
    /// The service's variable.
    svc: &'p str,
    out: String,
    /// (provider name, Rust variable) of declared capacity providers.
    handles: Vec<(String, String)>,
}

impl Gen<'_> {
    fn line(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }

    fn service(&mut self, c: &ServiceConfig) {
        let svc = self.svc;
        let p = self.p;
        self.line(&format!("let mut {svc} = {p}Service::new({});", lit(&c.service)));
        let provider = &c.provider;
        let mut chain = String::new();
        if let Some(r) = provider.runtime {
            let _ = write!(chain, ".runtime({p}Runtime::{r:?})");
        }
        if let Some(s) = &provider.stage {
            let _ = write!(chain, ".stage({})", lit(s));
        }
        if let Some(s) = &provider.region {
            let _ = write!(chain, ".region({})", lit(s));
        }
        if let Some(n) = provider.memory_size {
            let _ = write!(chain, ".memory_size({n})");
        }
        if let Some(n) = provider.timeout {
            let _ = write!(chain, ".timeout({n})");
        }
        if let Some(a) = provider.architecture {
            let _ = write!(chain, ".architecture({p}Architecture::{a:?})");
        }
        for (k, v) in provider.environment.iter().flatten() {
            let _ = match v {
                Some(v) => write!(chain, ".env({}, {})", lit(k), self.expr_into(v)),
                None => write!(chain, ".unset_env({})", lit(k)),
            };
        }
        if let Some(v) = &provider.vpc {
            let _ = write!(chain, ".vpc({})", self.vpc(v));
        }
        if let Some(b) = provider.version_functions {
            let _ = write!(chain, ".version_functions({b})");
        }
        if let Some(b) = &provider.deployment_bucket {
            let _ = write!(chain, ".deployment_bucket({})", lit(b));
        }
        if let Some(b) = &provider.deployment_bucket_settings {
            let _ = write!(chain, ".deployment_bucket_settings({p}DeploymentBucketSettings::default()");
            for (name, on) in [
                ("block_public_access", b.block_public_access),
                ("versioning", b.versioning),
                ("skip_policy_setup", b.skip_policy_setup),
            ] {
                if on {
                    let _ = write!(chain, ".{name}(true)");
                }
            }
            for (k, v) in b.tags.iter().flatten() {
                let _ = write!(chain, ".tag({}, {})", lit(k), self.expr_into(v));
            }
            chain.push(')');
        }
        if !chain.is_empty() {
            self.line(&format!("{svc}.provider(){chain};"));
        }
        let provider_keys: Vec<&str> = crate::load::provider_setting_keys().collect();
        if let Some(settings) = surface_settings(provider, &provider_keys) {
            self.line(&format!("{svc}.provider_settings({});", self.json(&settings)));
        }
        if !c.plugins.is_empty() {
            self.line(&format!(
                "{svc}.config_mut().plugins = {}.iter().map(|s| s.to_string()).collect();",
                strings(&c.plugins)
            ));
        }
        let settings = &c.plugin_settings;
        for (field, value) in [
            ("default_inherit", settings.default_inherit),
            ("skip_region_replace", settings.skip_region_replace),
            ("allow_references", settings.allow_references),
        ] {
            if let Some(b) = value {
                self.line(&format!("{svc}.config_mut().plugin_settings.{field} = Some({b});"));
            }
        }
        if settings.python_requirements_layer {
            self.line(&format!("{svc}.config_mut().plugin_settings.python_requirements_layer = true;"));
        }
        if let Some(alerts) = &settings.alerts {
            let functions: Vec<String> = alerts
                .function_alarms
                .iter()
                .map(|(key, alarms)| format!("({}.to_string(), {})", lit(key), self.json(alarms)))
                .collect();
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.alerts = Some({p}plugins::aws_alerts::Alerts {{ settings: {}, function_alarms: vec![{}] }});",
                self.json(&alerts.settings),
                functions.join(", ")
            ));
        }
        for w in &settings.warmers {
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.warmers.push({p}plugins::warmup::Warmer {{ function: {}.to_string(), file: {}.to_string(), source: {}.to_string(), clears_provider_environment: {} }});",
                lit(&w.function),
                lit(&w.file),
                lit(&w.source),
                w.clears_provider_environment
            ));
        }
        if let Some(t) = &settings.tracing {
            let functions: Vec<String> =
                t.functions.iter().map(|(key, own)| format!("({}.to_string(), {own:?})", lit(key))).collect();
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.tracing = Some({p}plugins::tracing::Tracing {{ provider: {}, functions: [{}].into_iter().collect() }});",
                t.provider,
                functions.join(", ")
            ));
        }
        for f in &settings.linked_folders {
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.linked_folders.push({p}plugins::package_common::Linked {{ folder: {}.to_string(), link: {}.to_string(), at: {}.to_string() }});",
                lit(&f.folder),
                lit(&f.link),
                lit(&f.at)
            ));
        }
        if let Some(size) = &settings.minimum_compression_size {
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.minimum_compression_size = Some({});",
                self.json(size)
            ));
        }
        if let Some(capacities) = &settings.dynamodb_capacities {
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.dynamodb_capacities = Some({});",
                self.json(capacities)
            ));
        }
        if let Some(subs) = &settings.log_subscriptions {
            let functions: Vec<String> =
                subs.functions.iter().map(|(k, v)| format!("({}.to_string(), {})", lit(k), self.json(v))).collect();
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.log_subscriptions = Some({p}plugins::log_subscription::LogSubscriptions {{ settings: {}, functions: vec![{}] }});",
                self.json(&subs.settings),
                functions.join(", ")
            ));
        }
        if !settings.python_modules.is_empty() {
            let modules: Vec<String> = settings
                .python_modules
                .iter()
                .map(|(k, m)| format!("({}.to_string(), {}.to_string())", lit(k), lit(m)))
                .collect();
            self.line(&format!("{svc}.config_mut().plugin_settings.python_modules = vec![{}];", modules.join(", ")));
        }
        if let Some(canary) = &settings.canary_deployments {
            let functions: Vec<String> =
                canary.functions.iter().map(|(k, v)| format!("({}.to_string(), {})", lit(k), self.json(v))).collect();
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.canary_deployments = Some({p}plugins::canary_deployments::CanaryDeployments {{ settings: {}, functions: vec![{}] }});",
                match &canary.settings {
                    Some(settings) => format!("Some({})", self.json(settings)),
                    None => "None".to_string(),
                },
                functions.join(", ")
            ));
        }
        if let Some(chains) = settings.function_chains {
            self.line(&format!("{svc}.config_mut().plugin_settings.function_chains = Some({chains});"));
        }
        if let Some(caching) = &settings.api_gateway_caching {
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.api_gateway_caching = Some({});",
                self.json(caching)
            ));
        }
        if let Some(sf) = &c.step_functions {
            self.line(&format!(
                "{svc}.config_mut().step_functions = Some({p}plugins::step_functions::StepFunctions {{ settings: {} }});",
                self.json(&sf.settings)
            ));
        }
        if let Some(b) = &settings.iam_global_permissions_boundary {
            self.line(&format!(
                "{svc}.config_mut().plugin_settings.iam_global_permissions_boundary = Some({});",
                self.expr(b)
            ));
        }
        if provider.environment.as_ref().is_some_and(|e| e.is_empty()) {
            self.line(&format!("{svc}.config_mut().provider.environment = Some(Default::default());"));
        }
        if let Some(a) = &c.package.artifact {
            self.line(&format!("{svc}.package_artifact({});", self.artifact(a)));
        }
        if let Some(b) = c.package.individually {
            self.line(&format!("{svc}.config_mut().package.individually = Some({b});"));
        }
        for fix in package_patterns(&c.package) {
            self.line(&format!("{svc}.config_mut().{fix}"));
        }
        for (name, cp) in &c.provider.capacity_providers {
            let used = c
                .functions
                .values()
                .any(|f| f.capacity_provider.as_ref().and_then(CapacityProviderRef::name) == Some(name.as_str()));
            self.capacity_provider(name, cp, used);
        }
        for (name, layer) in &c.layers {
            self.layer(name, layer);
        }
        let uses_default = c.functions.values().any(|f| self.default_reference(f));
        if uses_default {
            let default = format!("{}default_provider", self.vars);
            self.line(&format!("let {default} = {svc}.default_capacity_provider();"));
            self.handles.push(("default".to_string(), default));
        }
        for (key, f) in &c.functions {
            self.function(key, f);
        }
        let r = &c.resources;
        for (section, map) in [
            ("resources", &r.resources),
            ("outputs", &r.outputs),
            ("conditions", &r.conditions),
            ("parameters", &r.parameters),
            ("mappings", &r.mappings),
            ("extensions", &r.extensions),
        ] {
            for (k, v) in map {
                let value = self.json(v);
                self.line(&format!("{svc}.resources().{section}.insert({}.to_string(), {value});", lit(k)));
            }
        }
        if let Some(d) = &r.description {
            self.line(&format!("{svc}.resources().description = Some({}.to_string());", lit(d)));
        }
        for (name, value) in &r.sections {
            let value = self.json(value);
            self.line(&format!("{svc}.resources().sections.insert({}.to_string(), {value});", lit(name)));
        }
        if !r.section_order.is_empty() {
            self.line(&format!(
                "{svc}.resources().section_order = {}.iter().map(|s| s.to_string()).collect();",
                strings(&r.section_order)
            ));
        }
    }

    /// `svc.layer(..)`: the builder chain, and the fields it cannot set (an empty list, the
    /// legacy `include`/`exclude`) set on the model after it. Functions keep their
    /// `{"Ref": "<Name>LambdaLayer"}` as written, so the handle is not bound.
    fn layer(&mut self, name: &str, layer: &crate::model::Layer) {
        let (p, svc) = (self.p, self.svc);
        let mut chain = match (&layer.path, &layer.package.artifact) {
            (_, Some(a)) => format!("{p}Layer::artifact({})", self.artifact(a)),
            (Some(dir), None) => format!("{p}Layer::path({})", lit(dir)),
            (None, None) => format!("{p}Layer::default()"),
        };
        let mut fixes = Vec::new();
        if let (Some(dir), Some(_)) = (&layer.path, &layer.package.artifact) {
            fixes.push(format!("path = Some({}.to_string());", lit(dir)));
        }
        for (method, value) in
            [("name", &layer.name), ("description", &layer.description), ("license_info", &layer.license_info)]
        {
            if let Some(v) = value {
                let _ = write!(chain, ".{method}({})", lit(v));
            }
        }
        match layer.compatible_runtimes.as_deref() {
            Some([]) => fixes.push("compatible_runtimes = Some(Vec::new());".into()),
            Some(runtimes) => runtimes.iter().for_each(|r| {
                let _ = match r {
                    CompatibleRuntime::Current(r) => write!(chain, ".compatible_runtime({p}Runtime::{r:?})"),
                    CompatibleRuntime::Retired(r) => write!(chain, ".compatible_runtime({p}RetiredRuntime::{r:?})"),
                };
            }),
            None => {}
        }
        match layer.compatible_architectures.as_deref() {
            Some([]) => fixes.push("compatible_architectures = Some(Vec::new());".into()),
            Some(archs) => archs.iter().for_each(|a| {
                let _ = write!(chain, ".compatible_architecture({p}Architecture::{a:?})");
            }),
            None => {}
        }
        match layer.allowed_accounts.as_deref() {
            Some([]) => fixes.push("allowed_accounts = Some(Vec::new());".into()),
            Some(accounts) => accounts.iter().for_each(|a| {
                let _ = write!(chain, ".allow_account({})", lit(a));
            }),
            None => {}
        }
        if let Some(b) = layer.retain {
            let _ = write!(chain, ".retain({b})");
        }
        for pattern in &layer.package.patterns {
            let _ = write!(chain, ".pattern({})", lit(pattern));
        }
        let mut legacy = layer.package.clone();
        legacy.patterns.clear();
        fixes.extend(package_patterns(&legacy));
        self.line(&format!("{svc}.layer({}, {chain});", lit(name)));
        for fix in fixes {
            self.line(&format!("{svc}.config_mut().layers[{}].{fix}", lit(name)));
        }
    }

    /// True when `f` references the auto-created `default` provider (not a declared one).
    fn default_reference(&self, f: &Function) -> bool {
        f.capacity_provider.as_ref().and_then(CapacityProviderRef::name) == Some("default")
            && !self.handles.iter().any(|(n, _)| n == "default")
    }

    /// Declares a provider; its handle gets a variable only if a function `uses` it (no unused
    /// variable warnings in generated code).
    fn capacity_provider(&mut self, name: &str, c: &CapacityProviderConfig, used: bool) {
        let svc = self.svc;
        let p = self.p;
        let var = self.variable(name);
        let mut chain = format!("{p}CapacityProvider::new()");
        let mut fixes = Vec::new();
        if let Some(r) = &c.operator_role {
            let _ = write!(chain, ".operator_role({})", self.expr_into(r));
        }
        if let Some(v) = &c.vpc {
            let _ = write!(chain, ".vpc({})", self.vpc(v));
        }
        if let Some(ir) = &c.instance_requirements {
            let (allowed, excluded) = (&ir.allowed_instance_types, &ir.excluded_instance_types);
            let expressible = !(allowed.is_empty() && excluded.is_empty() && ir.architectures.is_empty())
                && (allowed.is_empty() || excluded.is_empty())
                && ir.architectures.len() <= 1;
            if expressible {
                if !allowed.is_empty() {
                    let _ = write!(chain, ".instance_types({p}InstanceTypes::allowed({}))", strings(allowed));
                }
                if !excluded.is_empty() {
                    let _ = write!(chain, ".instance_types({p}InstanceTypes::excluded({}))", strings(excluded));
                }
                if let Some(a) = ir.architectures.first() {
                    let _ = write!(chain, ".architecture({p}Architecture::{a:?})");
                }
            } else {
                fixes.push(format!("instance_requirements = Some({});", self.instance_requirements(ir)));
            }
        }
        if let Some(s) = &c.scaling {
            match self.scaling_builder(s) {
                Some(code) => {
                    let _ = write!(chain, ".scaling({code})");
                }
                None => fixes.push(format!("scaling = Some({});", self.scaling_literal(s))),
            }
        }
        if let Some(k) = &c.kms_key_arn {
            let _ = write!(chain, ".kms_key_arn({})", self.expr_into(k));
        }
        if used {
            self.line(&format!("let {var} = {svc}.capacity_provider({}, {chain});", lit(name)));
        } else {
            self.line(&format!("{svc}.capacity_provider({}, {chain});", lit(name)));
        }
        for fix in fixes {
            self.line(&format!("{svc}.config_mut().provider.capacity_providers[{}].{fix}", lit(name)));
        }
        self.handles.push((name.to_string(), var));
    }

    /// A fresh snake_case variable for a provider's handle.
    fn variable(&self, name: &str) -> String {
        let mut base: String =
            name.to_snake_case().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("cp_{base}");
        }
        if KEYWORDS.contains(&base.as_str()) || base == "svc" || base == "default_provider" {
            base.push_str("_cp");
        }
        let base = format!("{}{base}", self.vars);
        let mut var = base.clone();
        let mut n = 2;
        while self.handles.iter().any(|(_, v)| *v == var) {
            var = format!("{base}_{n}");
            n += 1;
        }
        var
    }

    fn handle(&self, name: &str) -> Option<&str> {
        self.handles.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn function(&mut self, key: &str, f: &Function) {
        let svc = self.svc;
        let p = self.p;
        let mut fixes = Vec::new();
        let mut chain = match (&f.handler, &f.image) {
            (Some(h), image) => {
                if let Some(i) = image {
                    fixes.push(format!("image = Some({p}Image::from({}));", self.image(i)));
                }
                format!("{p}Function::handler({})", lit(h))
            }
            (None, Some(i)) => format!("{p}Function::image({})", self.image(i)),
            (None, None) => format!("{p}Function::default()"),
        };
        if let Some(n) = &f.name {
            let _ = write!(chain, ".name({})", lit(n));
        }
        if let Some(d) = &f.description {
            let _ = write!(chain, ".description({})", lit(d));
        }
        if let Some(r) = f.runtime {
            let _ = write!(chain, ".runtime({p}Runtime::{r:?})");
        }
        if let Some(n) = f.memory_size {
            let _ = write!(chain, ".memory_size({n})");
        }
        if let Some(n) = f.timeout {
            let _ = write!(chain, ".timeout({n})");
        }
        if let Some(a) = f.architecture {
            let _ = write!(chain, ".architecture({p}Architecture::{a:?})");
        }
        match &f.environment {
            Some(env) if env.is_empty() => fixes.push("environment = Some(Default::default());".to_string()),
            Some(env) => {
                for (k, v) in env {
                    let _ = match v {
                        Some(v) => write!(chain, ".env({}, {})", lit(k), self.expr_into(v)),
                        None => write!(chain, ".unset_env({})", lit(k)),
                    };
                }
            }
            None => {}
        }
        match &f.vpc {
            Some(FunctionVpc::Disabled(_)) => chain.push_str(".no_vpc()"),
            Some(FunctionVpc::Config(v)) => {
                let _ = write!(chain, ".vpc({})", self.vpc(v));
            }
            None => {}
        }
        if let Some(cp) = &f.capacity_provider {
            let _ = write!(chain, ".capacity_provider({})", self.capacity_provider_ref(cp));
        }
        if let Some(a) = &f.package.artifact {
            let _ = write!(chain, ".artifact({})", self.artifact(a));
        }
        if let Some(b) = f.package.individually {
            fixes.push(format!("package.individually = Some({b});"));
        }
        fixes.extend(package_patterns(&f.package));
        if let Some(n) = f.reserved_concurrency {
            let _ = write!(chain, ".reserved_concurrency({n})");
        }
        if let Some(n) = f.provisioned_concurrency {
            let _ = write!(chain, ".provisioned_concurrency({n})");
        }
        if let Some(b) = f.version_function {
            let _ = write!(chain, ".version_function({b})");
        }
        if let Some(fs) = &f.file_system_config {
            let _ = write!(chain, ".file_system({}, {})", self.expr_into(&fs.arn), lit(&fs.local_mount_path));
        }
        // Typed events only when every event has a typed form: `function_settings` replaces the
        // whole list, and the order of events is part of the template.
        let typed: Option<Vec<String>> = f.events.iter().map(|e| self.typed_event(e)).collect();
        let typed = typed.filter(|t| !t.is_empty());
        for event in typed.iter().flatten() {
            let _ = write!(chain, ".event({event})");
        }
        self.line(&format!("{svc}.function({}, {chain});", lit(key)));
        for fix in fixes {
            self.line(&format!("{svc}.config_mut().functions[{}].{fix}", lit(key)));
        }
        let mut settings = surface_settings(f, crate::load::FUNCTION_SURFACE);
        if typed.is_some()
            && let Some(Value::Object(map)) = &mut settings
        {
            map.shift_remove("events");
            if map.is_empty() {
                settings = None;
            }
        }
        if let Some(settings) = settings {
            self.line(&format!("{svc}.function_settings({}, {});", lit(key), self.json(&settings)));
        }
    }

    /// The typed constructor of an event in its common forms (`httpApi` and `websocket` routes,
    /// `sqs` on a queue ARN), or `None` for the JSON of `function_settings`.
    fn typed_event(&self, e: &crate::events::Event) -> Option<String> {
        let p = self.p;
        let c = e.config.as_object()?;
        let only = |keys: &[&str]| c.keys().all(|k| keys.contains(&k.as_str()));
        let mut code = match e.kind.as_str() {
            "httpApi" if only(&["method", "path", "authorizer"]) => {
                let path = c.get("path")?.as_str()?;
                let mut code = match c.get("method") {
                    None if path == "*" => format!("{p}Event::http_api_catch_all()"),
                    Some(Value::String(m)) => {
                        let variant = ["Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Any"]
                            .into_iter()
                            .find(|v| v.to_ascii_uppercase() == *m)?;
                        format!("{p}Event::http_api({p}Method::{variant}, {})", lit(path))
                    }
                    _ => return None,
                };
                if let Some(a) = c.get("authorizer") {
                    let a = a.as_object()?;
                    match (a.get("name"), a.get("scopes"), a.get("type"), a.len()) {
                        (Some(Value::String(n)), None, None, 1) => {
                            let _ = write!(code, ".authorizer({})", lit(n));
                        }
                        (Some(Value::String(n)), Some(Value::Array(scopes)), None, 2) => {
                            let scopes: Option<Vec<String>> = scopes.iter().map(|s| s.as_str().map(lit)).collect();
                            let _ = write!(code, ".authorizer_with_scopes({}, [{}])", lit(n), scopes?.join(", "));
                        }
                        (None, None, Some(Value::String(t)), 1) if t == "aws_iam" => code.push_str(".iam_authorizer()"),
                        _ => return None,
                    }
                }
                return Some(code);
            }
            "websocket" if only(&["route"]) => {
                return Some(format!("{p}Event::websocket({})", lit(c.get("route")?.as_str()?)));
            }
            "sqs"
                if only(&[
                    "arn",
                    "batchSize",
                    "maximumBatchingWindow",
                    "functionResponseType",
                    "maximumConcurrency",
                    "enabled",
                ]) =>
            {
                format!("{p}Event::sqs({})", lit(c.get("arn")?.as_str()?))
            }
            _ => return None,
        };
        // sqs settings, in the builder's order (the model compares them as a map).
        for (k, v) in c {
            let call = match (k.as_str(), v) {
                ("arn", _) => continue,
                ("batchSize", Value::Number(n)) => format!(".batch_size({})", u32::try_from(n.as_u64()?).ok()?),
                ("maximumBatchingWindow", Value::Number(n)) => {
                    format!(".maximum_batching_window({})", u32::try_from(n.as_u64()?).ok()?)
                }
                ("maximumConcurrency", Value::Number(n)) => {
                    format!(".maximum_concurrency({})", u32::try_from(n.as_u64()?).ok()?)
                }
                ("functionResponseType", Value::String(t)) if t == "ReportBatchItemFailures" => {
                    ".report_batch_item_failures()".to_string()
                }
                ("enabled", Value::Bool(b)) => format!(".enabled({b})"),
                _ => return None,
            };
            code.push_str(&call);
        }
        Some(code)
    }

    fn capacity_provider_ref(&self, r: &CapacityProviderRef) -> String {
        let p = self.p;
        match r {
            CapacityProviderRef::Name(n) => match self.handle(n) {
                Some(var) => format!("&{var}"),
                None => format!("{p}CapacityProviderRef::arn({})", lit(n)),
            },
            CapacityProviderRef::Intrinsic(i) => self.intrinsic(i),
            CapacityProviderRef::Config(c) => {
                let base = match &c.name {
                    Some(Expr::Str(n)) => match self.handle(n) {
                        Some(var) => format!("{var}.with()"),
                        None => format!("{p}CapacityProviderUse::arn({})", lit(n)),
                    },
                    Some(Expr::Fn(i)) => format!("{p}CapacityProviderUse::intrinsic({})", self.intrinsic(i)),
                    _ => return format!("{p}CapacityProviderRef::Config({})", self.function_cp_literal(c)),
                };
                let mut chain = base;
                if let Some(n) = c.max_concurrency {
                    let _ = write!(chain, ".max_concurrency({n})");
                }
                if let Some(m) = c.memory_per_vcpu {
                    let _ = write!(chain, ".memory_per_vcpu({p}MemoryPerVCpu::{m:?})");
                }
                match c.scaling {
                    Some(FunctionScaling { min: Some(0), max: Some(0) }) => chain.push_str(".scale_to_zero()"),
                    Some(FunctionScaling { min: Some(a), max: Some(b) }) if a >= 1 && a <= b && b <= 15000 => {
                        let _ = write!(chain, ".scaling({p}environments!({a}..={b}))");
                    }
                    Some(FunctionScaling { min, max }) => {
                        let _ = write!(chain, ".scaling_dynamic({min:?}, {max:?})");
                    }
                    None => {}
                }
                chain
            }
        }
    }

    /// A JSON value as code: `json!` for small values, parsed text for big ones (`json!` is a
    /// recursive macro and would hit the recursion limit).
    fn json(&self, v: &Value) -> String {
        let p = self.p;
        // `json!` is a recursive macro: big or deep values would hit the recursion limit.
        if nodes(v) <= 40 && depth(v) <= 16 {
            return format!("{p}serde_json::json!({})", json_tokens(v));
        }
        let text = serde_json::to_string(v).unwrap_or_default();
        let mut hashes = String::from("#");
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        format!(
            "{p}serde_json::from_str::<{p}serde_json::Value>(r{hashes}\"{text}\"{hashes}).expect(\"generated JSON\")"
        )
    }
}

/// Whether `word` is one of Rust's strict or reserved keywords (not usable as a plain identifier).
///
/// ```
/// assert!(stackwright_core::codegen::is_rust_keyword("match"));
/// assert!(!stackwright_core::codegen::is_rust_keyword("high_mem"));
/// ```
pub fn is_rust_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// A Rust string literal.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn strings(items: &[String]) -> String {
    if items.is_empty() {
        return "Vec::<String>::new()".to_string();
    }
    format!("[{}]", items.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", "))
}

impl Gen<'_> {
    /// The URI alone, or an `Image` with the settings the function overrides.
    fn image(&self, i: &crate::model::Image) -> String {
        if !i.has_config() {
            return lit(&i.uri);
        }
        let mut e = format!("{}Image::new({})", self.p, lit(&i.uri));
        if let Some(c) = &i.command {
            let _ = write!(e, ".command({})", strings(c));
        }
        if let Some(c) = &i.entry_point {
            let _ = write!(e, ".entry_point({})", strings(c));
        }
        if let Some(w) = &i.working_directory {
            let _ = write!(e, ".working_directory({})", lit(w));
        }
        e
    }

    fn artifact(&self, a: &crate::model::Artifact) -> String {
        let p = self.p;
        let path = lit(&a.path.to_string_lossy());
        match &a.code_sha256 {
            Some(sha) => format!("{p}Artifact::with_sha256({path}, {})", lit(sha)),
            None => path,
        }
    }

    /// Code for an `impl Into<Expr>` argument.
    fn expr_into(&self, e: &Expr) -> String {
        match e {
            Expr::Str(s) => lit(s),
            Expr::Fn(i) => self.intrinsic(i),
            other => self.expr(other),
        }
    }

    /// Code of type `Expr`.
    fn expr(&self, e: &Expr) -> String {
        let p = self.p;
        match e {
            Expr::Str(s) => format!("{p}Expr::from({})", lit(s)),
            Expr::Fn(i) => format!("{p}Expr::from({})", self.intrinsic(i)),
            Expr::Bool(b) => format!("{p}Expr::Bool({b})"),
            Expr::Number(n) => {
                if let Some(u) = n.as_u64() {
                    format!("{p}Expr::Number({u}u64.into())")
                } else if let Some(i) = n.as_i64() {
                    format!("{p}Expr::Number(({i}i64).into())")
                } else {
                    let f = n.as_f64().unwrap_or_default();
                    format!("{p}Expr::Number({p}serde_json::Number::from_f64({f:?}).expect(\"finite\"))")
                }
            }
            Expr::List(items) => {
                format!("{p}Expr::List(vec![{}])", items.iter().map(|x| self.expr(x)).collect::<Vec<_>>().join(", "))
            }
        }
    }

    /// Items for `Vpc::new` and `Intrinsic::join`: plain strings when all are, else `Expr`s.
    fn expr_items(&self, items: &[Expr]) -> String {
        if items.is_empty() {
            return format!("Vec::<{}Expr>::new()", self.p);
        }
        if items.iter().all(|e| matches!(e, Expr::Str(_))) {
            return format!("[{}]", items.iter().map(|x| self.expr_into(x)).collect::<Vec<_>>().join(", "));
        }
        format!("[{}]", items.iter().map(|x| self.expr(x)).collect::<Vec<_>>().join(", "))
    }

    fn intrinsic(&self, i: &Intrinsic) -> String {
        let p = self.p;
        match i {
            Intrinsic::Ref(n) => format!("{p}Intrinsic::reference({})", lit(n)),
            Intrinsic::GetAtt { resource, attribute } => {
                format!("{p}Intrinsic::get_att({}, {})", lit(resource), lit(attribute))
            }
            Intrinsic::Sub { template, variables: None } => format!("{p}Intrinsic::sub({})", lit(template)),
            Intrinsic::Sub { template, variables: Some(vars) } => {
                let vars: Vec<String> =
                    vars.iter().map(|(k, v)| format!("({}.to_string(), {})", lit(k), self.expr(v))).collect();
                format!(
                    "{p}Intrinsic::Sub {{ template: {}.to_string(), variables: Some([{}].into_iter().collect()) }}",
                    lit(template),
                    vars.join(", ")
                )
            }
            Intrinsic::Join { delimiter, values: Expr::List(items) } => {
                format!("{p}Intrinsic::join({}, {})", lit(delimiter), self.expr_items(items))
            }
            Intrinsic::Join { delimiter, values } => {
                format!(
                    "{p}Intrinsic::Join {{ delimiter: {}.to_string(), values: {} }}",
                    lit(delimiter),
                    self.expr(values)
                )
            }
            Intrinsic::ImportValue(v) => format!("{p}Intrinsic::import_value({})", self.expr_into(v)),
            Intrinsic::Split { delimiter, source } => {
                format!("{p}Intrinsic::split({}, {})", lit(delimiter), self.expr_into(source))
            }
            Intrinsic::FindInMap { map, top_key, second_key } => {
                format!(
                    "{p}Intrinsic::find_in_map({}, {}, {})",
                    self.expr_into(map),
                    self.expr_into(top_key),
                    self.expr_into(second_key)
                )
            }
            Intrinsic::If { condition, then, otherwise } => {
                format!(
                    "{p}Intrinsic::if_({}, {}, {})",
                    lit(condition),
                    self.expr_into(then),
                    self.expr_into(otherwise)
                )
            }
            Intrinsic::Select { index, list } => {
                format!("{p}Intrinsic::Select {{ index: {}, list: {} }}", self.expr(index), self.expr(list))
            }
            Intrinsic::Base64(v) => format!("{p}Intrinsic::Base64({})", self.expr(v)),
            Intrinsic::GetAzs(v) => format!("{p}Intrinsic::GetAzs({})", self.expr(v)),
            Intrinsic::Cidr { block, count, bits } => format!(
                "{p}Intrinsic::Cidr {{ block: {}, count: {}, bits: {} }}",
                self.expr(block),
                self.expr(count),
                self.expr(bits)
            ),
        }
    }

    fn vpc(&self, v: &Vpc) -> String {
        let p = self.p;
        let ipv6 =
            v.ipv6_allowed_for_dual_stack.map(|b| format!(".ipv6_allowed_for_dual_stack({b})")).unwrap_or_default();
        match (&v.subnet_ids, &v.security_group_ids) {
            (Some(Expr::List(subnets)), Some(Expr::List(groups))) => {
                format!("{p}Vpc::new({}, {}){ipv6}", self.expr_items(subnets), self.expr_items(groups))
            }
            (Some(Expr::Fn(subnets)), Some(Expr::Fn(groups))) => {
                format!("{p}Vpc::from_intrinsics({}, {}){ipv6}", self.intrinsic(subnets), self.intrinsic(groups))
            }
            (subnets, groups) => format!(
                "{p}Vpc {{ security_group_ids: {}, subnet_ids: {}, ipv6_allowed_for_dual_stack: {:?} }}",
                self.opt_expr(groups.as_ref()),
                self.opt_expr(subnets.as_ref()),
                v.ipv6_allowed_for_dual_stack
            ),
        }
    }

    fn opt_expr(&self, e: Option<&Expr>) -> String {
        e.map_or_else(|| "None".to_string(), |e| format!("Some({})", self.expr(e)))
    }

    fn policy(&self, policy: &ScalingPolicy) -> String {
        let p = self.p;
        match policy.predefined_metric_type {
            MetricType::AverageCpuUtilization => format!("{p}TargetTracking::cpu({:?})", policy.target_value),
            MetricType::AverageGpuUtilization => format!("{p}TargetTracking::gpu({:?})", policy.target_value),
        }
    }

    /// `Scaling::...` for what the builder can express (its const checks: 1..=10 policies).
    fn scaling_builder(&self, s: &CapacityProviderScaling) -> Option<String> {
        let p = self.p;
        let policies = &s.policies;
        let n = policies.len();
        let list = || format!("[{}]", policies.iter().map(|x| self.policy(x)).collect::<Vec<_>>().join(", "));
        let extra = |base: String| -> Option<String> {
            let mut code = base;
            if let Some(m) = s.max_vcpu_count {
                let _ = write!(code, ".max_vcpu_count({m})");
            }
            match n {
                0 => {}
                1..=10 => {
                    let _ = write!(code, ".policies({})", list());
                }
                _ => return None,
            }
            Some(code)
        };
        match (s.mode, s.max_vcpu_count) {
            (Some(ScalingMode::Manual), Some(max)) if (1..=10).contains(&n) => {
                Some(format!("{p}Scaling::manual({max}, {})", list()))
            }
            (Some(ScalingMode::Manual), _) => None,
            (Some(ScalingMode::Auto), _) => extra(format!("{p}Scaling::auto()")),
            (None, _) => extra(format!("{p}Scaling::unspecified()")),
        }
    }

    fn scaling_literal(&self, s: &CapacityProviderScaling) -> String {
        let p = self.p;
        let policies: Vec<String> = s
            .policies
            .iter()
            .map(|policy| {
                format!(
                    "{p}model::ScalingPolicy {{ predefined_metric_type: {p}MetricType::{:?}, target_value: {:?} }}",
                    policy.predefined_metric_type, policy.target_value
                )
            })
            .collect();
        format!(
            "{p}model::CapacityProviderScaling {{ mode: {}, max_vcpu_count: {:?}, policies: vec![{}] }}",
            s.mode.map_or_else(|| "None".to_string(), |m| format!("Some({p}ScalingMode::{m:?})")),
            s.max_vcpu_count,
            policies.join(", ")
        )
    }

    fn instance_requirements(&self, ir: &InstanceRequirements) -> String {
        let p = self.p;
        let list = |items: &[String]| {
            format!("vec![{}]", items.iter().map(|s| format!("{}.to_string()", lit(s))).collect::<Vec<_>>().join(", "))
        };
        format!(
            "{p}model::InstanceRequirements {{ allowed_instance_types: {}, excluded_instance_types: {}, architectures: vec![{}] }}",
            list(&ir.allowed_instance_types),
            list(&ir.excluded_instance_types),
            ir.architectures.iter().map(|a| format!("{p}Architecture::{a:?}")).collect::<Vec<_>>().join(", ")
        )
    }

    fn function_cp_literal(&self, c: &FunctionCapacityProvider) -> String {
        let p = self.p;
        format!(
            "{p}model::FunctionCapacityProvider {{ name: {}, max_concurrency: {:?}, memory_per_vcpu: {}, scaling: {} }}",
            self.opt_expr(c.name.as_ref()),
            c.max_concurrency,
            c.memory_per_vcpu.map_or_else(|| "None".to_string(), |m| format!("Some({p}MemoryPerVCpu::{m:?})")),
            c.scaling.map_or_else(
                || "None".to_string(),
                |s| format!("Some({p}model::FunctionScaling {{ min: {:?}, max: {:?} }})", s.min, s.max)
            )
        )
    }
}

/// How deeply `v` nests (a scalar is 1).
fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        _ => 1,
    }
}

fn nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

/// `json!` syntax for a value (JSON itself, with Rust string literals).
fn json_tokens(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        // Typed literals: a bare integer literal in `json!` would be an `i32` and wrap silently.
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => format!("{u}u64"),
            (None, Some(i), _) => format!("{i}i64"),
            (None, None, f) => format!("{:?}f64", f.unwrap_or_default()),
        },
        Value::String(s) => lit(s),
        Value::Array(a) => format!("[{}]", a.iter().map(json_tokens).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => {
            format!(
                "{{{}}}",
                m.iter().map(|(k, v)| format!("{}: {}", lit(k), json_tokens(v))).collect::<Vec<_>>().join(", ")
            )
        }
    }
}

/// The surface settings of a provider or function (the keys of `keys` it sets), in
/// serverless.yml's shape, for `provider_settings`/`function_settings`; `None` when it sets none.
fn surface_settings(model: &impl serde::Serialize, keys: &[&str]) -> Option<Value> {
    let Ok(Value::Object(all)) = serde_json::to_value(model) else { return None };
    let settings: serde_json::Map<String, Value> =
        all.into_iter().filter(|(k, _)| keys.contains(&k.as_str())).collect();
    (!settings.is_empty()).then_some(Value::Object(settings))
}

/// The model assignments for a `package`'s file selection (patterns, include, exclude,
/// excludeDevDependencies), which have no builder method.
fn package_patterns(p: &crate::model::Package) -> Vec<String> {
    let list = |v: &[String]| v.iter().map(|s| format!("{}.to_string()", lit(s))).collect::<Vec<_>>().join(", ");
    let mut fixes = Vec::new();
    for (field, v) in [("patterns", &p.patterns), ("include", &p.include), ("exclude", &p.exclude)] {
        if !v.is_empty() {
            fixes.push(format!("package.{field} = vec![{}];", list(v)));
        }
    }
    if let Some(b) = p.exclude_dev_dependencies {
        fixes.push(format!("package.exclude_dev_dependencies = Some({b});"));
    }
    fixes
}
