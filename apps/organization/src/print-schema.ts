import 'reflect-metadata';
import { printFederatedSchema } from '@party/subgraph-kit';
import { buildOrganizationSchema } from './schema';

buildOrganizationSchema()
  .then((schema) => process.stdout.write(printFederatedSchema(schema)))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
