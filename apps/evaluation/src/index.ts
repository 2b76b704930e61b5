import 'reflect-metadata';

export { startEvaluationSubgraph, openEvaluationDatabase, entities, migrations, type EvaluationSubgraph } from './app';
export { loadEvaluationConfig, SUBGRAPH_NAME, DEFAULT_PORT, type EvaluationConfig } from './config';
export { buildEvaluationSchema } from './schema';
export { seedDemoEvaluation } from './seed/demo-evaluation';
export { seedDemoFourGood } from './seed/demo-four-good';
