const router = require('tiny-router');

exports.handler = async (event) => ({ statusCode: 200, body: router.route(event.rawPath || '/') });
