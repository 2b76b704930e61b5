export { startGateway, subgraphFetcher, type GatewayContext } from './gateway';
export { loadGatewayConfig, type GatewayConfig } from './config';
export { createTokenVerifier, generateDemoIssuerKeys, mintDemoToken } from './auth';
export { loadSupergraphSdl, SUPERGRAPH_PATH } from './supergraph';
export { composeSupergraph } from './compose';
