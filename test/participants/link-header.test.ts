import assert from 'node:assert/strict';
import { nextLink } from '../../src/participants/link-header.js';

describe('Link header: the next page', () => {
  it('finds rel="next" among other links, quoted or not, alone or with other relations', () => {
    const next = 'https://webexapis.com/v1/meetingParticipants?meetingId=m&max=100&cursor=Y3Vyc29y';
    assert.equal(nextLink(`<${next}>; rel="next"`), next);
    assert.equal(nextLink(`<https://x.example/first>; rel="first", <${next}>; rel=next`), next);
    assert.equal(nextLink(`<${next}>; title="page, two"; rel="next last"`), next);
    assert.equal(nextLink(`<${next}>;REL="Next"`), next);
  });

  it('answers undefined when there is no next link: the last page', () => {
    assert.equal(nextLink(null), undefined);
    assert.equal(nextLink(''), undefined);
    assert.equal(nextLink('<https://x.example/prev>; rel="prev"'), undefined);
    assert.equal(nextLink('<https://x.example/a>; rel="nextish"'), undefined);
  });
});
