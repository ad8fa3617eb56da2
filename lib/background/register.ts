import { onMessage as defaultOnMessage, type Handlers } from '../messaging';

/** Binds every handler of the ProtocolMap; a missing one is a type error, not a silent "No response". */
export function registerHandlers(handlers: Handlers, on = defaultOnMessage): () => void {
  const removers = [
    on('getStatus', () => handlers.getStatus()),
    on('pair', ({ data }) => handlers.pair(data)),
    on('unpair', () => handlers.unpair()),
    on('connect', ({ data }) => handlers.connect(data)),
    on('disconnect', ({ data }) => handlers.disconnect(data)),
    on('syncNow', () => handlers.syncNow()),
    on('lookupRecord', ({ data }) => handlers.lookupRecord(data)),
  ];
  return () => removers.forEach((remove) => remove());
}
