/**
 * Moving state written by version 0.1 of this package, which declared one `pgpartition_window` per
 * window, to the one `pgpartition_window_set` per table that `PartitionedTable` declares now,
 * without dropping or re-creating any window: terraform `removed` blocks (Terraform docs, "Removing
 * Resources": `lifecycle { destroy = false }` forgets a resource without destroying it) for the
 * addresses the old windows had, and the window set, whose create adopts the windows it finds
 * attached and marked as this tool's. A `removed` block for an address not in state does nothing,
 * so the blocks stay harmless after the move; a window of the old state that left the plan (expired)
 * has no block and is retired as before.
 */
import { TerraformElement, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** The `pgpartition_window` type version 0.1 declared per window. */
const OLD_TYPE = 'pgpartition_window';

/** `removed` blocks forgetting the version-0.1 windows of `names` under `scope` (their construct ids were the window names). */
export class WindowResourcesRemoved extends TerraformElement {
  private readonly addresses: readonly string[];

  constructor(scope: Construct, id: string, names: readonly string[]) {
    super(scope, id);
    const stack = TerraformStack.of(scope);
    // the logical id the stack gave `<scope>/<name>`: a throwaway child under the same path, removed again
    this.addresses = names.map((name) => {
      const probe = new Construct(scope, name);
      const logicalId = stack.getLogicalId(probe.node);
      scope.node.tryRemoveChild(name);
      return `${OLD_TYPE}.${logicalId}`;
    });
  }

  override toTerraform(): any {
    return { removed: this.addresses.map((from) => ({ from, lifecycle: { destroy: false } })) };
  }
}
