//! What an ARN's fields may hold (`arn:<partition>:<service>:<region>:<account>:<resource>`), as
//! AWS's API patterns say: shared by the rules on configured ARNs and the event sources' checks.

/// The partition of a region's ARNs: `aws-us-gov` for `us-gov-*`, `aws-cn` for `cn-*`, else `aws`
/// (what `${aws:partition}` resolves to).
///
/// ```
/// assert_eq!(stackwright_core::partition_of_region("cn-north-1"), "aws-cn");
/// assert_eq!(stackwright_core::partition_of_region("eu-west-1"), "aws");
/// ```
pub fn partition_of_region(region: &str) -> &'static str {
    if region.starts_with("us-gov") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else {
        "aws"
    }
}

/// `aws[a-zA-Z-]*`
pub(crate) fn is_partition(p: &str) -> bool {
    p.strip_prefix("aws").is_some_and(|t| t.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'))
}

/// `(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d`
pub(crate) fn is_region(region: &str) -> bool {
    let r = region.strip_prefix("eusc-").unwrap_or(region);
    if r.len() < 2 || !r.as_bytes()[..2].iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let rest = &r[2..];
    // `-[a-z]+-\d` exactly.
    let tail = |t: &str| {
        let Some(t) = t.strip_prefix('-') else {
            return false;
        };
        let Some((letters, digit)) = t.split_once('-') else {
            return false;
        };
        !letters.is_empty()
            && letters.bytes().all(|b| b.is_ascii_lowercase())
            && digit.len() == 1
            && digit.as_bytes()[0].is_ascii_digit()
    };
    if tail(rest) {
        return true;
    }
    if let Some(t) = rest.strip_prefix("-gov")
        && tail(t)
    {
        return true;
    }
    if let Some(t) = rest.strip_prefix("-iso") {
        if tail(t) {
            return true;
        }
        if let Some(c) = t.bytes().next()
            && c.is_ascii_lowercase()
            && tail(&t[1..])
        {
            return true;
        }
    }
    false
}

/// `\d{12}`: an AWS account ID.
pub(crate) fn is_account(account: &str) -> bool {
    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())
}
