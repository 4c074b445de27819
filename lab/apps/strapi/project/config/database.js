const path = require('path');
module.exports = ({ env }) => ({
  connection: {
    client: 'sqlite',
    connection: { filename: env('DATABASE_FILENAME', '/tmp/shadowtap-lab/strapi/run/data.db') },
    useNullAsDefault: true,
  },
});
