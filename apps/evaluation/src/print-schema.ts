import 'reflect-metadata';
import { printFederatedSchema } from '@party/subgraph-kit';
import { buildEvaluationSchema } from './schema';

buildEvaluationSchema()
  .then((schema) => process.stdout.write(printFederatedSchema(schema)))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
