const http = require('node:http');
http.createServer((req, res) => res.end('${{ values.name }}\n')).listen(8080);
