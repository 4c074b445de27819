// Debian chromium flags for the lab: nothing but loopback is contacted (a dead proxy for everything else, no name
// resolution except localhost / 127.0.0.1, no background services).
module.exports = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=localhost;127.0.0.1',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--no-pings', '--dns-prefetch-disable',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,Translate,SafeBrowsing,AsyncDns'];
