module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 11337),
  url: env('PUBLIC_URL', 'http://127.0.0.1:11337'),
  app: { keys: env.array('APP_KEYS') },
  logger: { updates: { enabled: false } },
});
