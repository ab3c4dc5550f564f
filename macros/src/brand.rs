//! Service brands: `new_service!`, and the branding of `service!`'s result.
//!
//! Each invocation declares a fresh marker type, so no two invocations share a brand and the
//! capacity-provider handles of two declared services cannot be mixed up (see
//! `stackwright::FitsService`). The marker is named after the service, because it is what the
//! compiler names when a handle is used with another service.

use heck::ToUpperCamelCase;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Expr, ExprLit, Ident, Lit};

/// The marker's name when the service's name makes no type name.
const FALLBACK: &str = "ThisService";

/// `new_service!(name)`: a new, empty service of a brand of its own.
pub(crate) fn new_service(input: TokenStream) -> TokenStream {
    let name = match syn::parse2::<Expr>(input) {
        Ok(name) => name,
        Err(e) => return e.to_compile_error(),
    };
    let literal = match &name {
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Some(s.value()),
        _ => None,
    };
    let marker = marker_name(literal.as_deref());
    let declaration = declare(&marker);
    let value = Ident::new("name", Span::mixed_site());
    // The name is evaluated outside the block that declares the marker, so that nothing in it can
    // resolve to the marker type.
    quote! {
        {
            let #value = #name;
            {
                #declaration
                ::stackwright::__private::Service::<#marker>::new_branded(#value)
            }
        }
    }
}

/// Wraps `unbranded_service_expr` (an expression of type `stackwright::Service`) into a service of
/// a brand of its own, named after `service_name` (the literal `service:` value, if any).
pub(crate) fn branded(service_name: Option<&str>, unbranded_service_expr: TokenStream) -> TokenStream {
    let marker = marker_name(service_name);
    let declaration = declare(&marker);
    let value = Ident::new("service", Span::mixed_site());
    // As in `new_service`: the expression is evaluated outside the marker's block.
    quote! {
        {
            let #value: ::stackwright::__private::Service = #unbranded_service_expr;
            {
                #declaration
                #value.into_branded::<#marker>()
            }
        }
    }
}

/// The marker type's name: the service name in UpperCamelCase (`"orders-api"` → `OrdersApi`) if
/// that is an ASCII Rust identifier, else `ThisService`.
fn marker_name(service_name: Option<&str>) -> Ident {
    let name = service_name
        .map(str::to_upper_camel_case)
        .filter(|name| name.is_ascii() && syn::parse_str::<Ident>(name).is_ok())
        .unwrap_or_else(|| FALLBACK.to_string());
    Ident::new(&name, Span::call_site())
}

/// The marker type: a unit struct, brand of one service. Every path is absolute, so a marker named
/// like a trait it derives (`"default"` → `Default`) or like a `stackwright` item still works.
fn declare(marker: &Ident) -> TokenStream {
    quote! {
        #[allow(dead_code)]
        #[derive(
            ::core::fmt::Debug,
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
            ::core::default::Default
        )]
        struct #marker;
        impl ::stackwright::__private::Brand for #marker {}
    }
}

#[cfg(test)]
mod tests {
    use super::marker_name;

    #[test]
    fn markers_are_named_after_the_service() {
        let name = |s: Option<&str>| marker_name(s).to_string();
        assert_eq!(name(Some("orders-api")), "OrdersApi");
        assert_eq!(name(Some("my_service")), "MyService");
        assert_eq!(name(Some("highMem")), "HighMem");
        assert_eq!(name(Some("svc2")), "Svc2");
        assert_eq!(name(Some("2fast")), "ThisService");
        assert_eq!(name(Some("self")), "ThisService");
        assert_eq!(name(Some("---")), "ThisService");
        assert_eq!(name(Some("café")), "ThisService");
        assert_eq!(name(None), "ThisService");
    }
}
