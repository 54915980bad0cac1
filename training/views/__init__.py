"""Pages of the training app: public (catalogue, sessions, calendar, certificate check), member
(applications, nominations, requests, support) and the organisers' console (staff.py)."""
