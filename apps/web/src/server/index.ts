export { loadWebOidcConfig, startWebServer, WEB_STATIC_DIR, type DemoUser, type OidcClientConfig, type RunningWebServer, type WebServerOptions } from './web-server';
