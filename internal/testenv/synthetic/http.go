package synthetic

import (
	"encoding/json"
	"net/http"
)

// ServeHTTP serves:
//
//	GET  /metrics            Prometheus text format
//	GET  /control            {"name": Profile, …}
//	POST /control/{service}  body Profile JSON; sets it and echoes it
//
// /control allows any origin, so a browser test page on another port can
// drive it.
func (e *Exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.handler.ServeHTTP(w, r)
}

func (e *Exporter) mux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		_ = e.WriteMetrics(w) // the scraper is gone; nothing to tell it
	})
	m.HandleFunc("GET /control", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, e.Profiles())
	})
	m.HandleFunc("OPTIONS /control/{service}", func(w http.ResponseWriter, r *http.Request) {
		cors(w)
		w.Header().Set("Access-Control-Allow-Methods", "POST, OPTIONS")
		w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
		w.WriteHeader(http.StatusNoContent)
	})
	m.HandleFunc("POST /control/{service}", func(w http.ResponseWriter, r *http.Request) {
		var p Profile
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&p); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		if err := e.SetProfile(r.PathValue("service"), p); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, p)
	})
	return m
}

func cors(w http.ResponseWriter) { w.Header().Set("Access-Control-Allow-Origin", "*") }

func writeJSON(w http.ResponseWriter, status int, v any) {
	cors(w)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
