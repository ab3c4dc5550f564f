// Builder: at most 10 scaling policies.
use stackwright::*;

fn main() {
    let p = || TargetTracking::cpu(50.0);
    let _scaling = Scaling::manual(200, [p(), p(), p(), p(), p(), p(), p(), p(), p(), p(), p()]);
}
