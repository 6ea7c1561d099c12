# Workspace members with their own test suites, in test order. Sourced by the other scripts.
MEMBERS="libs/common services/auth services/write-api services/read-api services/parser"
