// A real OpenID Provider (panva/oidc-provider, certified) for the single sign-on tests.
//
// Configured by environment variables set by the pytest fixture (tests/helpers/oidc.py):
//   OIDC_PORT            loopback port to listen on; the issuer is http://127.0.0.1:<port>
//   OIDC_CLIENT_ID       the one client, confidential (client_secret_basic), code + PKCE
//   OIDC_CLIENT_SECRET
//   OIDC_REDIRECT_URIS   comma-separated redirect URIs of the client
//   OIDC_LOGOUT_URIS     comma-separated post_logout_redirect_uris
//   OIDC_ACCOUNTS        JSON: login name -> {"nip": "...", "name": "..."}; a login not
//                        listed still signs in, without a nip claim
// Prints "ready <issuer>" once it listens. The login page is the provider's own
// development interactions: any login name with any password.
import http from 'node:http';

import Provider from 'oidc-provider';

const env = process.env;
const port = Number(env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(env.OIDC_ACCOUNTS || '{}');
const list = (value) => (value || '').split(',').map((s) => s.trim()).filter(Boolean);

const provider = new Provider(issuer, {
  clients: [{
    client_id: env.OIDC_CLIENT_ID,
    client_secret: env.OIDC_CLIENT_SECRET,
    redirect_uris: list(env.OIDC_REDIRECT_URIS),
    post_logout_redirect_uris: list(env.OIDC_LOGOUT_URIS),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  // PKCE on every authorization request, S256 only (the default method list).
  pkce: { required: () => true },
  // The NIP comes with the profile scope, as a Keycloak mapper or similar would add it.
  claims: { openid: ['sub'], profile: ['name', 'nip'] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  cookies: { keys: ['elearn-test-provider-cookie-key'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const known = accounts[id] || {};
        const claims = { sub: id, name: known.name || id };
        if (known.nip) claims.nip = known.nip;
        return claims;
      },
    };
  },
});

const server = http.createServer(provider.callback());
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
