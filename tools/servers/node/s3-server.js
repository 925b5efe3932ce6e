// An S3 server for the tests on 127.0.0.1: `node s3-server.js DIRECTORY BUCKET...`. It listens on a free port,
// prints "listening PORT" on stdout once ready, checks SigV4 with the keys S3RVER/S3RVER, and stops on SIGTERM or
// when its stdin closes (the test process died). Bucket-level requests (listings) get the lax signature mode,
// which the server needs for them.
'use strict';
const S3rver = require('@20minutes/s3rver');

const [directory, ...buckets] = process.argv.slice(2);
if (!directory) {
  console.error('usage: node s3-server.js DIRECTORY [BUCKET...]');
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory,
  silent: true,
  vhostBuckets: false,
  allowMismatchedSignatures: process.env.S3_LAX_SIGNATURES === '1',
  configureBuckets: buckets.map((name) => ({ name })),
});

server.run().then(
  (address) => console.log(`listening ${address.port}`),
  (error) => {
    console.error(`s3-server: ${error.message}`);
    process.exit(1);
  },
);

const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
