/**
 * Reads concurrency facts off a declared resource graph, the way the engine schedules it: a
 * resource may start once everything it depends on is done.
 *
 * - The worst case in flight is the largest set of resources none of which (transitively)
 *   waits for another: the graph's width. By Dilworth's theorem it equals the number of
 *   resources minus a maximum matching in the "a must finish before b" relation.
 * - The longest chain is the longest path of resources each waiting for the one before.
 */
export interface GraphNode {
  urn: string;
  dependsOn: string[];
}

export interface ConcurrencyFacts {
  /** Most of the selected resources the engine could ever run at once. */
  maxInFlight: number;
  /** Longest sequence of selected resources that must run one after another. */
  longestChain: number;
}

export function concurrencyOf(nodes: GraphNode[], selected: (node: GraphNode) => boolean): ConcurrencyFacts {
  const byUrn = new Map(nodes.map((node) => [node.urn, node]));
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (urn: string, path = new Set<string>()): Set<string> => {
    const known = ancestors.get(urn);
    if (known) return known;
    if (path.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    path.add(urn);
    const result = new Set<string>();
    for (const dependency of byUrn.get(urn)?.dependsOn ?? []) {
      result.add(dependency);
      for (const ancestor of ancestorsOf(dependency, path)) result.add(ancestor);
    }
    path.delete(urn);
    ancestors.set(urn, result);
    return result;
  };

  const chosen = nodes.filter(selected).map((node) => node.urn);
  const index = new Map(chosen.map((urn, i) => [urn, i]));
  // before[b] = selected resources that must finish before b starts.
  const before = chosen.map((urn) => [...ancestorsOf(urn)].filter((a) => index.has(a)).map((a) => index.get(a)!));

  return { maxInFlight: chosen.length - maximumMatching(before, chosen.length), longestChain: longestPath(before) };
}

/** Kuhn's augmenting paths on the bipartite graph (a before b): small graphs, simple code. */
function maximumMatching(before: number[][], size: number): number {
  const successors: number[][] = Array.from({ length: size }, () => []);
  before.forEach((predecessors, b) => predecessors.forEach((a) => successors[a].push(b)));
  const matchOf: number[] = new Array(size).fill(-1);
  const augment = (a: number, seen: boolean[]): boolean => {
    for (const b of successors[a]) {
      if (seen[b]) continue;
      seen[b] = true;
      if (matchOf[b] === -1 || augment(matchOf[b], seen)) {
        matchOf[b] = a;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let a = 0; a < size; a++) if (augment(a, new Array(size).fill(false))) matched++;
  return matched;
}

function longestPath(before: number[][]): number {
  const memo = new Map<number, number>();
  const depth = (node: number): number => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    const value = 1 + Math.max(0, ...before[node].map(depth));
    memo.set(node, value);
    return value;
  };
  return Math.max(0, ...before.map((_, node) => depth(node)));
}
