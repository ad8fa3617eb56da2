export * from './address';
export * from './connection';
export * from './customer';
export * from './feed';
export * from './money';
export * from './provider';
export * from './record-context';
export * from './seat';
