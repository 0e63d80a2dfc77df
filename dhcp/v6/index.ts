export * from './config.js';
export * from './codec.js';
export * from './options.js';
export * from './responder.js';
export * from './server.js';
