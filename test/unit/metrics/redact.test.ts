// Secret redaction of summaries before they are stored.
import { describe, expect, it } from 'vitest';
import { redactSecrets, redactSecretsDetailed } from '../../../src-main/engine/metrics/redact';

describe('redactSecrets', () => {
  it.each([
    ['Anthropic key', 'export ANTHROPIC=sk-ant-api03-AbCdEfGhIjKlMnOpQrSt_uv-wx', 'export ANTHROPIC=sk-ant-***'],
    ['OpenAI key', 'key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx1234 used', 'key sk-*** used'],
    ['plain sk- key', 'sk-AbCdEfGhIjKlMnOpQrStUvWx', 'sk-***'],
    ['GitHub classic token', 'git clone https://ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789@github.com/x', 'git clone https://ghp_***@github.com/x'],
    ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_***'],
    ['Slack bot token', 'SLACK xoxb-1234567890-abcdefghij', 'SLACK xoxb-***'],
    ['Slack user token', 'xoxp-1234567890-0987654321-abc', 'xoxp-***'],
    ['AWS access key id', 'aws AKIAIOSFODNN7EXAMPLE done', 'aws AKIA*** done'],
    ['Bearer header', 'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"', 'curl -H "Authorization: Bearer ***"'],
  ])('%s', (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    ['password=hunter2 user=bob', 'password=*** user=bob'],
    ['https://x.test/cb?token=abc123&state=ok', 'https://x.test/cb?token=***&state=ok'],
    ['API_KEY="abcdef123456"', 'API_KEY="***"'],
    ['{"password": "hunter2", "user": "bob"}', '{"password": "***", "user": "bob"}'],
    ['GITHUB_TOKEN: abc.def.ghi', 'GITHUB_TOKEN: ***'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key = ***'],
    ['client_secret=s3cr3t; next', 'client_secret=***; next'],
  ])('assignment %j', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('keeps the key hint when an assignment holds a known key shape', () => {
    expect(redactSecrets('ANTHROPIC_API_KEY=sk-ant-api03-AbCdEfGhIjKlMnOp')).toBe('ANTHROPIC_API_KEY=sk-ant-***');
  });

  it('replaces a PEM private key block, header and footer kept', () => {
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA1234', 'abcd==', '-----END RSA PRIVATE KEY-----'].join('\n');
    const out = redactSecrets(`key:\n${pem}\nafter`);
    expect(out).toBe('key:\n-----BEGIN RSA PRIVATE KEY----- *** -----END RSA PRIVATE KEY-----\nafter');
    expect(out).not.toContain('MIIE');
  });

  it('replaces a PEM block cut off by truncation up to the end', () => {
    expect(redactSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk')).not.toContain('b3Blbn');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Edit src/auth/login.ts: input_tokens: 1200, max_tokens=4096, author: Ada; task-runner sk-8 ok';
    expect(redactSecrets(text)).toBe(text);
  });

  it('reports which kinds of secret it found', () => {
    const { text, found } = redactSecretsDetailed('Bearer abcdefghijkl and sk-ant-api03-abcdefghijkl and Bearer zyxwvutsrqpo');
    expect(text).toBe('Bearer *** and sk-ant-*** and Bearer ***');
    expect(found).toEqual(['anthropic', 'bearer']);
  });

  it('is idempotent', () => {
    const once = redactSecrets('token=abc sk-ant-api03-abcdefghijkl password: pw123');
    expect(redactSecrets(once)).toBe(once);
  });
});
