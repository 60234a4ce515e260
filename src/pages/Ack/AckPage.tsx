import React, { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { LoadingPlaceholder } from '@grafana/ui';

import { acknowledgeByLink } from '../../api/client';
import { useAckLink } from '../../api/hooks';
import type { AckInfo } from '../../api/types';
import { useSave } from '../../api/useSave';
import { AckLinkProblem } from './AckLinkProblem';
import { AckSummary } from './AckSummary';

/**
 * Where a page's acknowledge link lands, possibly for someone with no Grafana session (the
 * anonymous user, role Viewer or None): it asks only GET and POST /ack, whose token is the
 * authority. Opening the link acknowledges nothing (mail scanners follow links); the button does.
 */
function AckPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const link = useAckLink(token);
  // The answer of POST /ack says who acknowledged first: it replaces what the link described.
  const [acked, setAcked] = useState<AckInfo>();
  const ack = useSave(acknowledgeByLink, { onSaved: setAcked });

  let body: React.ReactNode;
  if (token === '') {
    body = <AckLinkProblem code="link_invalid" />;
  } else if (link.error) {
    body = <AckLinkProblem code={link.error.code} message={link.error.message} onRetry={link.reload} />;
  } else if (!link.data) {
    body = <LoadingPlaceholder text="Reading the link…" />;
  } else {
    body = (
      <AckSummary
        info={acked ?? link.data}
        justAcknowledged={!!acked}
        acknowledging={ack.saving}
        error={ack.error}
        onAcknowledge={() => ack.send(token)}
      />
    );
  }
  return <PluginPage subTitle="Acknowledge a page: the escalation stops paging anyone else.">{body}</PluginPage>;
}

export default AckPage;
