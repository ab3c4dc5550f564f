//! serverless-binary-cors (`synth/plugins.rs`, `binary_cors`), against the template the plugin
//! itself wrote.
//!
//! `data/binary_cors/preflights/methods.json` holds, verbatim, the REST methods of the template
//! `serverless package` wrote with osls 4.3.1 and serverless-binary-cors 0.0.1 for the case's
//! `serverless.json`: two CORS preflights (`cors: true`, and two origins, whose origin-echoing
//! template the plugin replaces), one overridden in `resources`, and an `http` event with
//! `method: options` and `integration: mock`; the GET and PUT methods stay as they were.

mod support;

#[test]
fn preflights_answer_binary_requests_as_the_plugin_writes_them() {
    let t = support::template(&support::data("binary_cors", "preflights", "serverless.json"));
    let expected = support::data("binary_cors", "preflights", "methods.json");
    let methods = support::resources_of_type(&t, "AWS::ApiGateway::Method");
    support::same("the plugin", "preflights", "the methods", &methods, &expected);
}
