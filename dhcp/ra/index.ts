export * from './packet.js';
export * from './schedule.js';
export * from './advertiser.js';
