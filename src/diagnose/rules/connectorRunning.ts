import { found, type Rule } from '../rule';

export const connectorRunning: Rule = {
  label: 'The connector is running and connected to the cloud',
  check: ({ facts, snapshot }) => [
    ...(facts.running === false
      ? found('CONNECTOR_NOT_RUNNING', {
          service: snapshot.service.state === 'ok' ? snapshot.service.value.name : 'CiscoAMP',
        })
      : []),
    ...(facts.connected === false ? found('CONNECTOR_DISCONNECTED') : []),
  ],
};
