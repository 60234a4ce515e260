package mailpit

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Address is a mailbox as Mailpit reports it.
type Address struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// Summary is one message in GET /api/v1/messages.
type Summary struct {
	ID        string    `json:"ID"`        // Mailpit's own id, for Message
	MessageID string    `json:"MessageID"` // the Message-ID header, without <>
	From      Address   `json:"From"`
	To        []Address `json:"To"`
	Subject   string    `json:"Subject"`
	Created   time.Time `json:"Created"`
}

// Full is one message: GET /api/v1/message/{ID} and its headers from
// GET /api/v1/message/{ID}/headers.
type Full struct {
	ID        string    `json:"ID"`
	MessageID string    `json:"MessageID"`
	From      Address   `json:"From"`
	To        []Address `json:"To"`
	Subject   string    `json:"Subject"`
	Text      string    `json:"Text"`
	HTML      string    `json:"HTML"`
	// Headers are the raw headers, decoded by Mailpit, keyed as sent
	// ("X-Warroom-Id").
	Headers map[string][]string `json:"-"`
}

// Messages lists what Mailpit received, newest first.
func (s *Server) Messages() ([]Summary, error) {
	var body struct {
		Total    int       `json:"total"`
		Messages []Summary `json:"messages"`
	}
	if err := s.get("/api/v1/messages", &body); err != nil {
		return nil, err
	}
	return body.Messages, nil
}

// Message reads one message with its headers; id is Summary.ID.
func (s *Server) Message(id string) (Full, error) {
	var m Full
	if err := s.get("/api/v1/message/"+url.PathEscape(id), &m); err != nil {
		return Full{}, err
	}
	if err := s.get("/api/v1/message/"+url.PathEscape(id)+"/headers", &m.Headers); err != nil {
		return Full{}, err
	}
	return m, nil
}

// WaitForMessages polls Messages until there are at least n or timeout
// passes; it returns what it last saw and an error on timeout. Mailpit
// stores a message before it answers the end of DATA, so a test that sent
// synchronously usually finds it on the first poll.
func (s *Server) WaitForMessages(n int, timeout time.Duration) ([]Summary, error) {
	deadline := time.Now().Add(timeout)
	for {
		msgs, err := s.Messages()
		if err == nil && len(msgs) >= n {
			return msgs, nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return msgs, fmt.Errorf("mailpit: %d of %d messages after %s (last error: %v)", len(msgs), n, timeout, err)
			}
			return msgs, fmt.Errorf("mailpit: %d of %d messages after %s", len(msgs), n, timeout)
		}
		select {
		case <-s.Exited():
			return msgs, fmt.Errorf("mailpit exited (%v) with %d of %d messages", s.Cmd.ProcessState, len(msgs), n)
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func (s *Server) get(path string, into any) error {
	resp, err := s.hc.Get(s.URL + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d: %.200s", path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, into); err != nil {
		return fmt.Errorf("GET %s: %v", path, err)
	}
	return nil
}
