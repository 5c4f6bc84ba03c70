// Hosting and CDN platforms whose subdomain labels are random by design
// (distribution ids, function URLs, project refs, edge nodes). A label chain
// under them is not a data channel an attacker can read: the platform's own
// name servers answer for the whole zone, so no query ever reaches someone
// else's. They are exempt from the random-data label count only; encoded
// text in a label is still found under them (no platform names hosts that way).
// Extend with fetch_proxy.monitoring.subdomain_entropy_exclusions.

export const RANDOM_LABEL_PLATFORMS: readonly string[] = [
  // AWS: CloudFront, API Gateway, Lambda function URLs, ELB, S3, EC2 names
  '*.amazonaws.com', '*.on.aws', '*.cloudfront.net', '*.awsglobalaccelerator.com',
  // Google: Cloud Run, Functions, Firebase, storage and video edges
  '*.run.app', '*.cloudfunctions.net', '*.appspot.com', '*.firebaseio.com', '*.firebaseapp.com', '*.web.app',
  '*.googleusercontent.com', '*.googleapis.com', '*.googlevideo.com', '*.gvt1.com', '*.gstatic.com',
  // Azure
  '*.azurefd.net', '*.azureedge.net', '*.windows.net', '*.azure.com', '*.azurewebsites.net', '*.azurecontainerapps.io', '*.trafficmanager.net',
  // CDNs and edges
  '*.akamaiedge.net', '*.akamaized.net', '*.akamaihd.net', '*.akamai.net', '*.edgekey.net', '*.edgesuite.net',
  '*.fastly.net', '*.fastlylb.net', '*.cloudflare.net', '*.b-cdn.net', '*.cdn77.org', '*.edgecastcdn.net',
  // application platforms and preview / tunnel hosts (random per deployment, fixed once made)
  '*.vercel.app', '*.netlify.app', '*.herokuapp.com', '*.supabase.co', '*.fly.dev', '*.onrender.com', '*.railway.app',
  '*.pages.dev', '*.workers.dev', '*.github.dev', '*.gitpod.io', '*.csb.app', '*.stackblitz.io', '*.webcontainer.io',
  '*.repl.co', '*.replit.dev', '*.hf.space', '*.modal.run', '*.ngrok-free.app', '*.ngrok.io', '*.ngrok.app', '*.trycloudflare.com',
  // observability ingest (org ids in the name)
  '*.sentry.io', '*.datadoghq.com', '*.datadoghq.eu', '*.newrelic.com',
];
