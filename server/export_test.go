package server

// HoldAnalysisSlots takes every slot of the analyses other than incidents,
// as long analyses would, until release is called.
func (s *Server) HoldAnalysisSlots() (release func()) {
	for range cap(s.slots) {
		s.slots <- struct{}{}
	}
	return func() {
		for range cap(s.slots) {
			<-s.slots
		}
	}
}
