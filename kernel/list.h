/*
 * Intrusive circular doubly-linked lists: a struct list_node inside each
 * element, a struct list_node as the head. An empty list's head points
 * at itself; a node on no list has both links NULL.
 */
#pragma once

#include <stddef.h>

#include "panic.h"

/*
 * Link checks (Linux's CONFIG_DEBUG_LIST): a node is added only between
 * neighbours that point at each other, and removed only while its
 * neighbours point back at it. A broken list panics at the operation
 * that found it, with the addresses, not later on a wild pointer.
 */
#define LIST_CHECK(ok, what, a, b)					\
	do {								\
		if (!(ok))						\
			panic("list: %s (%p, %p) at %p", what, (void *)(a), \
			      (void *)(b), __builtin_return_address(0)); \
	} while (0)

struct list_node {
	struct list_node *next, *prev;
};

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }

#define list_entry(node, type, member) \
	((type *)((char *)(node) - offsetof(type, member)))

static inline void list_init(struct list_node *head)
{
	head->next = head->prev = head;
}

static inline int list_empty(const struct list_node *head)
{
	return head->next == head;
}

/* Is the node on a list? (Nodes are NULL-linked when off every list.) */
static inline int list_linked(const struct list_node *n)
{
	return n->next != NULL;
}

static inline void list_insert_between(struct list_node *n,
				       struct list_node *prev,
				       struct list_node *next)
{
	LIST_CHECK(prev->next == next && next->prev == prev,
		   "add between unlinked neighbours", prev, next);
	LIST_CHECK(n != prev && n != next, "node added twice", n, prev);
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}

static inline void list_add_tail(struct list_node *head, struct list_node *n)
{
	list_insert_between(n, head->prev, head);
}

static inline void list_add_head(struct list_node *head, struct list_node *n)
{
	list_insert_between(n, head, head->next);
}

static inline void list_remove(struct list_node *n)
{
	LIST_CHECK(n->next && n->prev, "remove of an unlinked node", n, n->next);
	LIST_CHECK(n->next->prev == n && n->prev->next == n,
		   "remove of a node its neighbours do not point at", n,
		   n->next);
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = NULL;
}

/* Remove and return the first node, or NULL when empty. */
static inline struct list_node *list_pop(struct list_node *head)
{
	struct list_node *n = head->next;

	if (n == head)
		return NULL;
	list_remove(n);
	return n;
}

#define list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)
