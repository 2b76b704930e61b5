import { buildEvaluation, type DemoEvaluation } from './evaluation';
import { random } from './random';
import { buildRegister, type DemoRegister } from './register';
import { buildTree, type DemoTree } from './tree';

/** The seed number `npm start` uses. */
export const DEFAULT_SEED = 2024;

export interface Demo {
  seed: number;
  tree: DemoTree;
  register: DemoRegister;
  evaluation: DemoEvaluation;
}

const built = new Map<number, Demo>();

/**
 * The Ninh Thuận demo dataset for a seed number: the same seed gives the same
 * tree, register (member ids included) and evaluation. Built once per process
 * and seed (the subgraphs' seeds share it).
 */
export function ninhThuanDemo(seed: number = DEFAULT_SEED): Demo {
  let demo = built.get(seed);
  if (!demo) {
    const r = random(seed);
    const tree = buildTree(r.fork('tree'));
    const register = buildRegister(r.fork('register'), tree);
    const evaluation = buildEvaluation(r.fork('evaluation'), tree, register);
    demo = { seed, tree, register, evaluation };
    built.set(seed, demo);
  }
  return demo;
}

/** The dataset's shape: organisations by kind, members, events by type, prospects, targets and ratings. */
export function describeDemo(demo: Demo) {
  const count = <T>(list: readonly T[], key: (x: T) => string) => list.reduce<Record<string, number>>((acc, x) => ((acc[key(x)] = (acc[key(x)] ?? 0) + 1), acc), {});
  const events = demo.register.members.flatMap((m) => m.events);
  return {
    seed: demo.seed,
    organizations: demo.tree.organizations.length,
    organizationsByKind: count(demo.tree.organizations, (o) => o.kind),
    treeChanges: count(demo.tree.changes, (c) => c.type),
    members: demo.register.members.length,
    events: events.length,
    eventsByType: count(events, (e) => (e.type === 'TERMINATED' ? `TERMINATED:${e.reason}` : e.type)),
    prospects: demo.register.prospects.length,
    targets: demo.evaluation.targets.reduce((s, t) => s + t.targets.length, 0),
    ratings: demo.evaluation.ratings.reduce((s, g) => s + g.ratings.length, 0),
  };
}
