export { startWebServer, WEB_STATIC_DIR, type DemoUser, type RunningWebServer, type WebServerOptions } from './web-server';
