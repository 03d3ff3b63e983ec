"""Deribit adapter: JSON-RPC over WebSocket (HTTP for queries), auth, credits, orders, events."""
