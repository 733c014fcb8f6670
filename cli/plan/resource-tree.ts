import { RecordedResource } from "./recording-mocks";

/** A declared resource with the resources declared under it (`{ parent: this }`). */
export interface ResourceNode {
  resource: RecordedResource;
  children: ResourceNode[];
}

/**
 * Rebuilds the component -> resource hierarchy from the recorded parent URNs, in declaration
 * order. A resource whose parent was not recorded (the root stack) is a root.
 */
export function buildResourceTree(resources: RecordedResource[]): ResourceNode[] {
  const nodes = new Map(resources.map((resource) => [resource.urn, { resource, children: [] as ResourceNode[] }]));
  const roots: ResourceNode[] = [];
  for (const resource of resources) {
    const node = nodes.get(resource.urn)!;
    const parent = resource.parent ? nodes.get(resource.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * Tree lines with box-drawing guides. `lines` renders one resource: its first line goes on the
 * branch, any further lines are indented under it.
 */
export function renderTree(roots: ResourceNode[], lines: (resource: RecordedResource) => string[]): string[] {
  const out: string[] = [];
  const walk = (node: ResourceNode, prefix: string, childPrefix: string) => {
    const [first, ...rest] = lines(node.resource);
    out.push(`${prefix}${first}`);
    const continuation = `${childPrefix}${node.children.length ? "│  " : "   "}`;
    for (const line of rest) out.push(`${continuation}${line}`);
    node.children.forEach((child, index) => {
      const last = index === node.children.length - 1;
      walk(child, `${childPrefix}${last ? "└─ " : "├─ "}`, `${childPrefix}${last ? "   " : "│  "}`);
    });
  };
  for (const root of roots) walk(root, "", "");
  return out;
}
