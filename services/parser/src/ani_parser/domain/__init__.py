"""Pure mapping rules: provider payloads → import payloads. No I/O, no frameworks."""
