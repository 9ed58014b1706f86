// Sign-in to Microsoft Entra ID through @azure/identity, Microsoft's maintained library: it asks for tokens, caches
// them and renews them before they expire, for a client secret, a certificate (a signed assertion: the private key
// never leaves the machine) or a managed identity (Azure Automation, VMs). Every Azure API client here gets its token
// from the TokenCredential made here. Imported only by lazily compiled chunks: the library stays out of start-up.
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { isKnownAuthorityHost, type AzureSignInSettings } from './azureSettings';

export type { TokenCredential };
export type { AzureSignInSettings };

/** The credential of sign-in settings already read and checked (the CLI reads them while parsing options). */
export function credentialFor(settings: AzureSignInSettings): TokenCredential {
  const options = {
    authorityHost: settings.authorityHost,
    // A host of its own (a national cloud's, a stand-in's) is not in Microsoft's instance list: MSAL would refuse it.
    disableInstanceDiscovery: !isKnownAuthorityHost(settings.authorityHost),
  };
  switch (settings.method) {
    case 'client-secret':
      return new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, options);
    case 'client-certificate':
      return new ClientCertificateCredential(
        settings.tenantId,
        settings.clientId,
        {
          certificate: settings.certificatePem,
          ...(settings.certificatePassword ? { certificatePassword: settings.certificatePassword } : {}),
        },
        options,
      );
    case 'managed-identity':
      return settings.clientId === null
        ? new ManagedIdentityCredential(options)
        : new ManagedIdentityCredential(settings.clientId, options);
  }
}
