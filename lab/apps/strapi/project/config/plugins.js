module.exports = ({ env }) => ({
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET') } },
  documentation: {
    enabled: true,
    config: {
      openapi: '3.0.0',
      info: { version: '1.0.0', title: 'Strapi lab: a small magazine', description: 'Articles, authors, categories, restaurants and the homepage of a small magazine' },
      'x-strapi-config': { plugins: ['upload', 'users-permissions'] },
    },
  },
});
