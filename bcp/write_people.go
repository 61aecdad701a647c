package bcp

import "time"

type filePerson struct {
	ID       string        `json:"id"`
	Name     string        `json:"name,omitempty"`
	Title    string        `json:"title,omitempty"`
	Channels []fileChannel `json:"channels,omitempty"`
	Trained  []string      `json:"trained,omitempty"`
}

type fileChannel struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type fileMember struct {
	Person string `json:"person"`
	Role   string `json:"role,omitempty"`
}

type fileRole struct {
	ID               string `json:"id"`
	Name             string `json:"name,omitempty"`
	Responsibilities string `json:"responsibilities,omitempty"`
	Holder           string `json:"holder"`
	Alternate        string `json:"alternate,omitempty"`
}

type fileExercise struct {
	ID      string       `json:"id"`
	Name    string       `json:"name,omitempty"`
	Date    string       `json:"date"`
	Type    string       `json:"type"`
	Scope   []string     `json:"scope,omitempty"`
	Outcome string       `json:"outcome"`
	Notes   string       `json:"notes,omitempty"`
	Actions []fileAction `json:"actions,omitempty"`
	// Dependencies are the services' dependency fingerprints when exercised.
	Dependencies map[string]string `json:"dependencies,omitempty"`
}

type fileAction struct {
	Description string `json:"description,omitempty"`
	Owner       string `json:"owner,omitempty"`
	Due         string `json:"due"`
	Done        string `json:"done,omitempty"`
}

func fileDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func fileMembers(ms []Member) []fileMember {
	var out []fileMember
	for _, m := range ms {
		out = append(out, fileMember{m.Person, m.Role})
	}
	return out
}

// filePeople adds people, roles and exercises to a written document.
func filePeople(doc *Document, out *fileDoc) {
	for _, p := range doc.People {
		fp := filePerson{ID: p.ID, Name: p.Name, Title: p.Title, Trained: p.Trained}
		for _, c := range p.Channels {
			fp.Channels = append(fp.Channels, fileChannel{c.Type, c.Value})
		}
		out.People = append(out.People, fp)
	}
	for _, r := range doc.Roles {
		out.Roles = append(out.Roles, fileRole{r.ID, r.Name, r.Responsibilities, r.Holder, r.Alternate})
	}
	for _, e := range doc.Exercises {
		fe := fileExercise{ID: e.ID, Name: e.Name, Date: fileDate(e.Date), Type: e.Type, Scope: e.Scope, Outcome: e.Outcome, Notes: e.Notes, Dependencies: e.Dependencies}
		for _, a := range e.Actions {
			fe.Actions = append(fe.Actions, fileAction{a.Description, a.Owner, fileDate(a.Due), fileDate(a.Done)})
		}
		out.Exercises = append(out.Exercises, fe)
	}
}
