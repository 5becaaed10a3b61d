"""The Flask side of the app: sign-in, sessions, the guard, security headers, the result
cache and the download routes. No Dash components."""
