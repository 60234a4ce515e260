package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// appSettings is one org's row of Grafana's plugin_setting table. Grafana
// encrypts secureJsonData at rest; the test bed keeps it in a 0600 file in
// the state directory, which holds only test secrets.
type appSettings struct {
	Enabled        bool              `json:"enabled"`
	Pinned         bool              `json:"pinned"`
	JSONData       json.RawMessage   `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
	Updated        time.Time         `json:"updated"`
}

// settingsStore persists every org's app settings in one JSON file.
type settingsStore struct {
	path string
	mu   sync.Mutex
	orgs map[string]appSettings
	now  func() time.Time
}

func newSettingsStore(stateDir string) (*settingsStore, error) {
	s := &settingsStore{path: filepath.Join(stateDir, "plugin-settings.json"), orgs: map[string]appSettings{}, now: time.Now}
	if err := loadJSON(s.path, &s.orgs); err != nil {
		return nil, err
	}
	return s, nil
}

// get returns the org's settings. An org without a row is what this repo's
// provisioning/plugins/apps.yaml gives (disabled: false): enabled, with
// empty jsonData and a zero Updated time, as Grafana's appInstanceSettings
// sends when no row exists.
func (s *settingsStore) get(orgID int64) appSettings {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.orgs[strconv.FormatInt(orgID, 10)]
	if !ok {
		return appSettings{Enabled: true, JSONData: json.RawMessage("{}"), SecureJSONData: map[string]string{}}
	}
	return a.clone()
}

func (a appSettings) clone() appSettings {
	sec := make(map[string]string, len(a.SecureJSONData))
	for k, v := range a.SecureJSONData {
		sec[k] = v
	}
	a.SecureJSONData = sec
	a.JSONData = append(json.RawMessage(nil), orJSON(a.JSONData, "{}")...)
	return a
}

// updateCmd is Grafana's UpdatePluginSettingCmd.
type updateCmd struct {
	Enabled        bool              `json:"enabled"`
	Pinned         bool              `json:"pinned"`
	JSONData       map[string]any    `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
	PluginVersion  string            `json:"pluginVersion"`
}

// update applies cmd the way Grafana's plugin settings store does: enabled,
// pinned and jsonData are replaced (an omitted enabled means false, as in
// Grafana), secureJsonData is merged key by key ("" removes a key, per
// CONTRACT.md), and Updated moves strictly forward so the SDK's instance
// manager sees a change and recreates the org's instance.
func (s *settingsStore) update(orgID int64, cmd updateCmd) (appSettings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strconv.FormatInt(orgID, 10)
	cur, ok := s.orgs[key]
	if !ok {
		cur = appSettings{SecureJSONData: map[string]string{}}
	}
	next := cur.clone()
	next.Enabled, next.Pinned = cmd.Enabled, cmd.Pinned
	jd := cmd.JSONData
	if jd == nil {
		jd = map[string]any{}
	}
	b, err := json.Marshal(jd)
	if err != nil {
		return appSettings{}, err
	}
	next.JSONData = b
	for k, v := range cmd.SecureJSONData {
		if v == "" {
			delete(next.SecureJSONData, k)
		} else {
			next.SecureJSONData[k] = v
		}
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	if !now.After(cur.Updated) {
		now = cur.Updated.Add(time.Millisecond)
	}
	next.Updated = now
	orgs := make(map[string]appSettings, len(s.orgs)+1)
	for k, v := range s.orgs {
		orgs[k] = v
	}
	orgs[key] = next
	if err := saveJSON(s.path, orgs); err != nil {
		return appSettings{}, err
	}
	s.orgs = orgs
	return next.clone(), nil
}

// handleGetSettings answers GET /api/plugins/<id>/settings with the
// PluginSetting DTO of grafana/grafana pkg/api/dtos/plugins.go (filled by
// pkg/api/plugins.go GetPluginSettingByID). Secrets never leave: only
// secureJsonFields[k] = true.
func (s *server) handleGetSettings(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	p, _, err := loadPluginJSON(s.cfg.dist)
	if err != nil {
		s.log.Warn("plugin.json", "error", err)
	}
	a := s.settings.get(id.OrgID)
	fields := map[string]bool{}
	for k := range a.SecureJSONData {
		fields[k] = true
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"name":             p.Name,
		"type":             orDefault(p.Type, "app"),
		"id":               p.ID,
		"enabled":          a.Enabled,
		"pinned":           a.Pinned,
		"autoEnabled":      p.AutoEnabled,
		"module":           "public/plugins/" + p.ID + "/module.js",
		"baseUrl":          "public/plugins/" + p.ID,
		"info":             orJSON(p.Info, "{}"),
		"includes":         orJSON(p.Includes, "[]"),
		"dependencies":     p.dependencies(),
		"extensions":       p.extensions(),
		"jsonData":         a.JSONData,
		"secureJsonFields": fields,
		"defaultNavUrl":    p.defaultNavURL(),
		"latestVersion":    "",
		"hasUpdate":        false,
		"state":            "",
		"signature":        "unsigned",
		"signatureType":    "",
		"signatureOrg":     "",
		"angularDetected":  false,
		"loadingStrategy":  "script",
	})
}

// handlePostSettings is UpdatePluginSetting: org admins only (Grafana's
// route is wrapped in reqOrgAdmin / plugins:write).
func (s *server) handlePostSettings(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	if !id.atLeast("Admin") {
		apiError(w, http.StatusForbidden, "Permission denied")
		return
	}
	if !isJSON(r) {
		apiError(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return
	}
	var cmd updateCmd
	if err := decodeBody(r, &cmd); err != nil {
		badRequest(w, err)
		return
	}
	a, err := s.settings.update(id.OrgID, cmd)
	if err != nil {
		s.log.Error("save plugin settings", "error", err)
		apiError(w, http.StatusInternalServerError, "Failed to update plugin setting")
		return
	}
	keys := make([]string, 0, len(a.SecureJSONData))
	for k := range a.SecureJSONData {
		keys = append(keys, k)
	}
	// Secret values are never logged, only which keys are set.
	s.log.Info("plugin settings updated", slog.Int64("org", id.OrgID), slog.Bool("enabled", a.Enabled),
		slog.Any("secureJsonFields", keys), slog.Time("updated", a.Updated))
	writeJSON(w, http.StatusOK, map[string]string{"message": "Plugin settings updated"})
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}
