// Builder: InstanceTypes is an allow-list or a deny-list; there is no way to write both.
use stackwright::*;

fn main() {
    let _cp = CapacityProvider::new().instance_types(InstanceTypes::allowed(["r7g.large"]).excluded(["t3.nano"]));
}
