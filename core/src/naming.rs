//! CloudFormation logical IDs exactly as Serverless Framework v4's `naming.js`
//! builds them, plus the JavaScript own-property key order that decides both
//! iteration order and emitted key order.
//!
//! Normalization is deliberately *not* a case conversion (no `heck`): the
//! reference only swaps `-`/`_` for words and upper-cases the first character,
//! so `helloWorld` stays `HelloWorld` and `hello-world` becomes `HelloDashworld`.

/// Logical ID of the shared Lambda execution role.
///
/// ```
/// assert_eq!(stackwright_core::naming::EXECUTION_ROLE, "IamRoleLambdaExecution");
/// ```
pub const EXECUTION_ROLE: &str = "IamRoleLambdaExecution";

/// Logical ID of the role Lambda assumes to operate capacity providers.
///
/// ```
/// assert_eq!(
///     stackwright_core::naming::OPERATOR_ROLE,
///     "LambdaCapacityProviderOperatorRole"
/// );
/// ```
pub const OPERATOR_ROLE: &str = "LambdaCapacityProviderOperatorRole";

/// Logical ID of the in-stack deployment bucket.
///
/// ```
/// assert_eq!(
///     stackwright_core::naming::DEPLOYMENT_BUCKET,
///     "ServerlessDeploymentBucket"
/// );
/// ```
pub const DEPLOYMENT_BUCKET: &str = "ServerlessDeploymentBucket";

/// Logical ID of the in-stack deployment bucket's policy.
///
/// ```
/// assert_eq!(
///     stackwright_core::naming::DEPLOYMENT_BUCKET_POLICY,
///     "ServerlessDeploymentBucketPolicy"
/// );
/// ```
pub const DEPLOYMENT_BUCKET_POLICY: &str = "ServerlessDeploymentBucketPolicy";

/// Logical ID of the output carrying the deployment bucket name.
///
/// ```
/// assert_eq!(
///     stackwright_core::naming::DEPLOYMENT_BUCKET_OUTPUT,
///     "ServerlessDeploymentBucketName"
/// );
/// ```
pub const DEPLOYMENT_BUCKET_OUTPUT: &str = "ServerlessDeploymentBucketName";

/// lodash `_.upperFirst`: the first character upper-cased, the rest as it is.
///
/// ```
/// assert_eq!(stackwright_core::naming::upper_first("prefix"), "Prefix");
/// assert_eq!(stackwright_core::naming::upper_first(""), "");
/// ```
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `getNormalizedResourceName`: every `-` becomes `Dash`, every `_` becomes
/// `Underscore`, then only the first character is upper-cased the way
/// JavaScript's `toUpperCase` does it (`ß` → `SS`).
///
/// ```
/// use stackwright_core::naming::normalize;
/// assert_eq!(normalize("hello-world"), "HelloDashworld");
/// assert_eq!(normalize("__x"), "UnderscoreUnderscorex");
/// assert_eq!(normalize("ßeta"), "SSeta");
/// ```
pub fn normalize(name: &str) -> String {
    // One allocation with room for the usual suffix (`LambdaFunction`): every function needs
    // several of these IDs.
    let mut out = String::with_capacity(name.len() + 24);
    let mut rest = name;
    match name.chars().next() {
        // The replacements start with an upper-case letter already.
        Some('-' | '_') | None => {}
        // Rust's `to_uppercase` uses the same Unicode SpecialCasing data as JS's
        // locale-independent `toUpperCase`, including expansions.
        Some(first) if first.len_utf16() == 1 => {
            out.extend(first.to_uppercase());
            rest = &name[first.len_utf8()..];
        }
        // JS `charAt(0)` yields a lone high surrogate for astral characters, which
        // `toUpperCase` leaves untouched.
        Some(_) => {}
    }
    // `-` and `_` are ASCII, so they never occur inside a multi-byte character: copy the text
    // between them whole.
    while let Some(i) = rest.find(['-', '_']) {
        out.push_str(&rest[..i]);
        out.push_str(if rest.as_bytes()[i] == b'-' { "Dash" } else { "Underscore" });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// `normalizeNameToAlphaNumericOnly`: every character outside `[0-9A-Za-z]` deleted, then the
/// first character upper-cased.
///
/// ```
/// use stackwright_core::naming::normalize_alphanumeric;
/// assert_eq!(normalize_alphanumeric("payments-f03-queue"), "Paymentsf03queue");
/// ```
pub fn normalize_alphanumeric(name: &str) -> String {
    let kept: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut chars = kept.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => kept,
    }
}

/// `getLambdaLogicalId`: `<N>LambdaFunction`.
///
/// ```
/// use stackwright_core::naming::function_logical_id;
/// assert_eq!(function_logical_id("my_func"), "MyUnderscorefuncLambdaFunction");
/// ```
pub fn function_logical_id(fn_key: &str) -> String {
    normalize(fn_key) + "LambdaFunction"
}

/// `getLogGroupLogicalId`: `<N>LogGroup`.
///
/// ```
/// use stackwright_core::naming::log_group_logical_id;
/// assert_eq!(log_group_logical_id("hello"), "HelloLogGroup");
/// ```
pub fn log_group_logical_id(fn_key: &str) -> String {
    normalize(fn_key) + "LogGroup"
}

/// `getLambdaVersionLogicalId`: `<N>LambdaVersion<digest>` where every
/// character of the base64 digest outside `[0-9A-Za-z]` is dropped.
///
/// ```
/// use stackwright_core::naming::version_logical_id;
/// assert_eq!(
///     version_logical_id("hello-world", "AB+/=cd"),
///     "HelloDashworldLambdaVersionABcd"
/// );
/// ```
pub fn version_logical_id(fn_key: &str, digest_b64: &str) -> String {
    let mut id = normalize(fn_key) + "LambdaVersion";
    id.reserve(digest_b64.len());
    id.extend(digest_b64.chars().filter(char::is_ascii_alphanumeric));
    id
}

/// `getLambdaVersionOutputLogicalId`: `<N>LambdaFunctionQualifiedArn`.
///
/// ```
/// use stackwright_core::naming::version_output_logical_id;
/// assert_eq!(version_output_logical_id("hello"), "HelloLambdaFunctionQualifiedArn");
/// ```
pub fn version_output_logical_id(fn_key: &str) -> String {
    normalize(fn_key) + "LambdaFunctionQualifiedArn"
}

/// `getLambdaCapacityProviderLogicalId`: `<N>LambdaCapacityProvider`.
///
/// The reference never validates capacity-provider keys, so `x.y` yields an
/// ID CloudFormation will reject; that is reproduced, not fixed.
///
/// ```
/// use stackwright_core::naming::capacity_provider_logical_id;
/// assert_eq!(
///     capacity_provider_logical_id("high-memory"),
///     "HighDashmemoryLambdaCapacityProvider"
/// );
/// ```
pub fn capacity_provider_logical_id(name: &str) -> String {
    normalize(name) + "LambdaCapacityProvider"
}

/// `getLambdaLayerLogicalId`: `<N>LambdaLayer` (a retained layer appends its hash).
///
/// ```
/// use stackwright_core::naming::layer_logical_id;
/// assert_eq!(layer_logical_id("python-deps"), "PythonDashdepsLambdaLayer");
/// ```
pub fn layer_logical_id(name: &str) -> String {
    normalize(name) + "LambdaLayer"
}

/// `getLambdaLayerPermissionLogicalId`: `<N><account>LambdaLayerPermission`, the first `*` of
/// the account written `Wild` (JavaScript `replace` with a string pattern replaces once).
///
/// ```
/// use stackwright_core::naming::layer_permission_logical_id;
/// assert_eq!(layer_permission_logical_id("deps", "*"), "DepsWildLambdaLayerPermission");
/// assert_eq!(layer_permission_logical_id("deps", "123456789012"), "Deps123456789012LambdaLayerPermission");
/// ```
pub fn layer_permission_logical_id(name: &str, account: &str) -> String {
    [normalize(name).as_str(), &account.replacen('*', "Wild", 1), "LambdaLayerPermission"].concat()
}

/// `getLambdaProvisionedConcurrencyAliasLogicalId`: `<N>ProvConcLambdaAlias`.
///
/// ```
/// use stackwright_core::naming::provisioned_concurrency_alias_logical_id;
/// assert_eq!(
///     provisioned_concurrency_alias_logical_id("hello"),
///     "HelloProvConcLambdaAlias"
/// );
/// ```
pub fn provisioned_concurrency_alias_logical_id(fn_key: &str) -> String {
    normalize(fn_key) + "ProvConcLambdaAlias"
}

/// Whether `key` is a JavaScript *array index*: the canonical decimal form of
/// an integer in `0..=4294967294`. Such keys are hoisted to the front of every
/// JavaScript object.
///
/// ```
/// use stackwright_core::naming::is_array_index;
/// assert!(is_array_index("42"));
/// assert!(!is_array_index("01"));
/// assert!(!is_array_index("4294967295"));
/// ```
pub fn is_array_index(key: &str) -> bool {
    array_index_value(key).is_some()
}

fn array_index_value(key: &str) -> Option<u32> {
    let bytes = key.as_bytes();
    // Canonical form only: no sign, no leading zero, at most 10 digits.
    if bytes.is_empty() || bytes.len() > 10 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes[0] == b'0' {
        return None;
    }
    let value: u64 = key.parse().ok()?;
    // 2^32 - 1 is excluded: it is the maximum array *length*, not an index.
    (value < u64::from(u32::MAX)).then_some(value as u32)
}

/// Indices of `keys` in JavaScript own-property order: array-index keys first
/// in ascending numeric order, then every other key in insertion order.
///
/// Use it wherever the reference iterates an object (e.g. capacity providers
/// `{zeta, "1"}` are visited `"1"` first) or emits one.
///
/// ```
/// use stackwright_core::naming::js_key_order;
/// assert_eq!(js_key_order(["zeta", "10", "a", "2"]), vec![3, 1, 0, 2]);
/// ```
pub fn js_key_order<'a, I>(keys: I) -> Vec<usize>
where
    I: IntoIterator<Item = &'a str>,
{
    let keys = keys.into_iter();
    let mut indexed: Vec<(u32, usize)> = Vec::new();
    // Nearly every key is a name (this orders every function of a service).
    let mut named: Vec<usize> = Vec::with_capacity(keys.size_hint().0);
    for (i, key) in keys.enumerate() {
        match array_index_value(key) {
            Some(v) => indexed.push((v, i)),
            None => named.push(i),
        }
    }
    // Keys are unique in an object, so values are too; an unstable sort is safe.
    indexed.sort_unstable();
    indexed.into_iter().map(|(_, i)| i).chain(named).collect()
}

/// A set of logical IDs in insertion order. Synthesis looks up and inserts every generated
/// resource here: foldhash (already built for serde_json) instead of SipHash. The IDs come from
/// the user's own config, so hash flooding is no concern; the fixed seed keeps runs identical.
pub(crate) type IdSet = indexmap::IndexSet<String, foldhash::fast::FixedState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_table_template_core() {
        let table = [
            ("hello", "Hello"),
            ("Hello", "Hello"),
            ("helloWorld", "HelloWorld"),
            ("hello-world", "HelloDashworld"),
            ("my_func", "MyUnderscorefunc"),
            ("a-b_c", "ADashbUnderscorec"),
            ("a--b", "ADashDashb"),
            ("__x", "UnderscoreUnderscorex"),
            ("fn-", "FnDash"),
            ("1abc", "1abc"),
            ("HTTP", "HTTP"),
            ("highMem", "HighMem"),
            ("high-memory", "HighDashmemory"),
            ("cost_optimized", "CostUnderscoreoptimized"),
            ("cost-optimized", "CostDashoptimized"),
            ("default", "Default"),
            ("x.y", "X.y"),
            ("ñame", "Ñame"),
            ("ßeta", "SSeta"),
            ("-x", "Dashx"),
            ("\u{10428}x", "\u{10428}x"),
            ("ŉx", "ʼNx"),
            ("", ""),
        ];
        for (input, expected) in table {
            assert_eq!(normalize(input), expected, "normalize({input:?})");
        }
    }

    #[test]
    fn derived_ids_template_core() {
        let table = [
            ("hello", "HelloLambdaFunction", "HelloLogGroup"),
            ("Hello", "HelloLambdaFunction", "HelloLogGroup"),
            ("helloWorld", "HelloWorldLambdaFunction", "HelloWorldLogGroup"),
            ("hello-world", "HelloDashworldLambdaFunction", "HelloDashworldLogGroup"),
            ("my_func", "MyUnderscorefuncLambdaFunction", "MyUnderscorefuncLogGroup"),
            ("a-b_c", "ADashbUnderscorecLambdaFunction", "ADashbUnderscorecLogGroup"),
            ("a--b", "ADashDashbLambdaFunction", "ADashDashbLogGroup"),
            ("__x", "UnderscoreUnderscorexLambdaFunction", "UnderscoreUnderscorexLogGroup"),
            ("fn-", "FnDashLambdaFunction", "FnDashLogGroup"),
            ("1abc", "1abcLambdaFunction", "1abcLogGroup"),
            ("HTTP", "HTTPLambdaFunction", "HTTPLogGroup"),
        ];
        for (input, function, log_group) in table {
            assert_eq!(function_logical_id(input), function);
            assert_eq!(log_group_logical_id(input), log_group);
        }
        assert_eq!(version_output_logical_id("hello-world"), "HelloDashworldLambdaFunctionQualifiedArn");
        assert_eq!(provisioned_concurrency_alias_logical_id("a-b"), "ADashbProvConcLambdaAlias");
        assert_eq!(version_logical_id("hello-world", "AB+/=cd"), "HelloDashworldLambdaVersionABcd");
    }

    #[test]
    fn capacity_provider_table() {
        let table = [
            ("hello", "HelloLambdaCapacityProvider"),
            ("Hello", "HelloLambdaCapacityProvider"),
            ("default", "DefaultLambdaCapacityProvider"),
            ("highMem", "HighMemLambdaCapacityProvider"),
            ("high-memory", "HighDashmemoryLambdaCapacityProvider"),
            ("cost-optimized", "CostDashoptimizedLambdaCapacityProvider"),
            ("cost_optimized", "CostUnderscoreoptimizedLambdaCapacityProvider"),
            ("a-b_c", "ADashbUnderscorecLambdaCapacityProvider"),
            ("x.y", "X.yLambdaCapacityProvider"),
            ("1", "1LambdaCapacityProvider"),
        ];
        for (input, expected) in table {
            assert_eq!(capacity_provider_logical_id(input), expected);
        }
    }

    #[test]
    fn collisions_are_silent() {
        assert_eq!(normalize("a-b"), normalize("aDashb"));
        assert_eq!(capacity_provider_logical_id("A"), capacity_provider_logical_id("a"));
    }

    #[test]
    fn constants() {
        assert_eq!(EXECUTION_ROLE, "IamRoleLambdaExecution");
        assert_eq!(OPERATOR_ROLE, "LambdaCapacityProviderOperatorRole");
        assert_eq!(DEPLOYMENT_BUCKET, "ServerlessDeploymentBucket");
        assert_eq!(DEPLOYMENT_BUCKET_POLICY, "ServerlessDeploymentBucketPolicy");
        assert_eq!(DEPLOYMENT_BUCKET_OUTPUT, "ServerlessDeploymentBucketName");
    }

    #[test]
    fn array_index_keys() {
        for yes in ["0", "7", "42", "4294967294", "1000000000"] {
            assert!(is_array_index(yes), "{yes}");
        }
        for no in
            ["", "01", "00", "-1", "+1", "1.0", "1e3", " 1", "1 ", "4294967295", "4294967296", "99999999999", "a1", "٣"]
        {
            assert!(!is_array_index(no), "{no}");
        }
    }

    #[test]
    fn key_order() {
        assert_eq!(js_key_order(["zeta", "1"]), vec![1, 0]);
        assert_eq!(js_key_order(["b", "10", "a", "9", "01", "4294967295", "0"]), vec![6, 3, 1, 0, 2, 4, 5]);
        assert_eq!(js_key_order(Vec::<&str>::new()), Vec::<usize>::new());
        assert_eq!(js_key_order(["c", "b", "a"]), vec![0, 1, 2]);
    }
}
