// Command webhooksink is the demo's notification receiver (scripts/run.sh):
// it accepts Warroom's signed JSON webhooks on 127.0.0.1, checks each
// signature with notify.Verify as a real receiver should, and logs one line
// per delivery. It prints WEBHOOK_URL=… and runs until SIGTERM/SIGINT or
// until its stdin closes when that is a pipe (testenv.WaitForStop).
//
//	go run ./internal/testenv/cmd/webhooksink -secret demo-webhook-key
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// tolerance is how far the sender's timestamp may be from ours.
const tolerance = 5 * time.Minute

func main() {
	secret := flag.String("secret", "", "HMAC key of the channel (its secureJsonData notifySecret_<name>)")
	flag.Parse()
	if *secret == "" {
		fmt.Fprintln(os.Stderr, "webhooksink: -secret is required: every webhook is signed")
		os.Exit(2)
	}
	url, stop, err := testenv.Serve(handler(*secret, log.New(os.Stdout, "webhook: ", log.LstdFlags)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "webhooksink:", err)
		os.Exit(1)
	}
	defer stop()
	fmt.Printf("WEBHOOK_URL=%s/hooks/warroom\n", url)
	testenv.WaitForStop()
}

func handler(secret string, logger *log.Logger) http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("POST /hooks/warroom", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		err = notify.Verify(secret, r.Header.Get("X-Warroom-Timestamp"), body, r.Header.Get("X-Warroom-Signature"), time.Now(), tolerance)
		if err != nil {
			logger.Printf("refused %s: %v", r.Header.Get("X-Warroom-Id"), err)
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var msg struct {
			Kind     string `json:"kind"`
			Text     string `json:"text"`
			Incident struct {
				ID, Title, SeverityLabel string
			} `json:"incident"`
		}
		_ = json.Unmarshal(body, &msg) // logged as far as it parses; the signature already holds
		logger.Printf("%s %s %s %q (signature ok): %s", msg.Kind, msg.Incident.ID, msg.Incident.SeverityLabel, msg.Incident.Title, msg.Text)
		w.WriteHeader(http.StatusNoContent)
	})
	return m
}
