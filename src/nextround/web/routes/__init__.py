"""The routes: pages for people, ``/api`` for programs, ``/docs`` for both.

Each route parses its input, calls one service and renders the result; the
decisions live in the services and the domain.
"""
