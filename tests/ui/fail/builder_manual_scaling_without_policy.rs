// Builder: manual scaling with no target-tracking policy does not compile.
use stackwright::*;

fn main() {
    let _scaling = Scaling::manual(64, []);
}
