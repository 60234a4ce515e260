import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { listNotificationChannels } from '../api/client';
import { ChannelPicker } from './ChannelPicker';

jest.mock('../api/client', () => require('../testing/fakeApi').fakeApi());

function Harness({ onChange }: { onChange: (v: string[]) => void }) {
  const [value, setValue] = useState<string[]>([]);
  return (
    <ChannelPicker
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange(v);
      }}
    />
  );
}

describe('ChannelPicker', () => {
  it('offers the channels that take status updates', async () => {
    jest.mocked(listNotificationChannels).mockResolvedValue({
      items: [
        { id: 'c1', name: 'ops', kind: 'slack', severities: null, events: null },
        { id: 'c2', name: 'pager', kind: 'webhook', severities: null, events: ['escalation'] },
        { id: 'c3', name: 'status-page', kind: 'webhook', severities: [], events: ['status_update'] },
      ],
    });
    const onChange = jest.fn();
    render(<Harness onChange={onChange} />);
    await userEvent.click(await screen.findByLabelText('status-page'));
    expect(onChange).toHaveBeenLastCalledWith(['status-page']);
    await userEvent.click(screen.getByLabelText('ops'));
    expect(onChange).toHaveBeenLastCalledWith(['status-page', 'ops']);
    expect(screen.queryByLabelText('pager')).not.toBeInTheDocument();
  });

  it('shows nothing without channels, or when they cannot be listed', async () => {
    jest.mocked(listNotificationChannels).mockRejectedValue(new Error('down'));
    const { container } = render(<ChannelPicker value={[]} onChange={jest.fn()} />);
    await Promise.resolve();
    expect(container).toBeEmptyDOMElement();
  });
});
