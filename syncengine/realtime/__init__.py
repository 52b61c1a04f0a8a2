"""Real-time sync: one stored InboundEvent at a time (DESIGN "How a change travels")."""
