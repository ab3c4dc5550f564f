const test = require('tiny-test');

test('api answers', async () => require('../src/api').handler({ rawPath: '/' }));
