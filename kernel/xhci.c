/*
 * xHCI USB host controllers (PCI class 0c/03/30): every USB port of a PC
 * made in the last decade. The driver takes the controller from the
 * firmware (the legacy-support capability's handshake, which also ends
 * the firmware's PS/2 emulation), resets it, and runs one command ring,
 * one event ring and a transfer ring per endpoint in use. Devices on the
 * root ports, and behind hubs (usbhub.c), are addressed and offered to
 * the class drivers (usb.h).
 *
 * Data flow: the interrupt handler (MSI-X or MSI; without either, the
 * controller's thread looks at the event ring every POLL_NS instead)
 * reads the event ring and only records what completed, then wakes the
 * controller's thread. That thread does everything else: port changes,
 * enumeration, commands and control transfers (each waited for), and
 * the class drivers' callbacks, one at a time.
 *
 * Memory the controller reads or writes is whole zeroed pages (rings of
 * 256 TRBs, contexts, buffers); x86 keeps it coherent with the caches.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "errno.h"
#include "kmalloc.h"
#include "log.h"
#include "pci.h"
#include "pmm.h"
#include "sched.h"
#include "string.h"
#include "thread.h"
#include "time.h"
#include "usb.h"
#include "waitq.h"
#include "xhci.h"

#define XHCI_MAX_SLOTS	64		/* devices at once, per controller */
#define RING_TRBS	256		/* one page; the last is the link */
#define POLL_NS		10000000ULL	/* 100 Hz, without interrupts */
#define CMD_TIMEOUT_NS	5000000000ULL
#define XFER_TIMEOUT_NS	2000000000ULL
#define CTRL_BUF_MAX	2048		/* control data; the interrupt
					   buffer follows in the page */

/* Capability registers */
#define CAP_LENGTH	0x00
#define CAP_HCSPARAMS1	0x04
#define CAP_HCSPARAMS2	0x08
#define CAP_HCCPARAMS1	0x10
#define CAP_DBOFF	0x14
#define CAP_RTSOFF	0x18
#define HCC_AC64	0x01
#define HCC_CSZ		0x04

/* Operational registers */
#define OP_USBCMD	0x00
#define OP_USBSTS	0x04
#define OP_CRCR		0x18
#define OP_DCBAAP	0x30
#define OP_CONFIG	0x38
#define OP_PORTSC(p)	(0x400 + 0x10 * ((p) - 1))
#define CMD_RUN		0x01
#define CMD_HCRST	0x02
#define CMD_INTE	0x04
#define STS_HCH		0x01
#define STS_HSE		0x04
#define STS_EINT	0x08
#define STS_CNR		0x800

/* PORTSC */
#define PORT_CCS	(1u << 0)
#define PORT_PED	(1u << 1)
#define PORT_PR		(1u << 4)
#define PORT_PP		(1u << 9)
#define PORT_CSC	(1u << 17)
#define PORT_PRC	(1u << 21)
#define PORT_WRC	(1u << 19)
#define PORT_WPR	(1u << 31)
#define PORT_CHANGES	0x00fe0000u	/* write 1 to clear */
/* The bits written back unchanged: never PED (1 disables the port),
   PR, or the change bits (1 clears them). */
#define PORT_KEEP	0x4f00ffe9u
#define PORT_SPEED(v)	((v) >> 10 & 0xf)

/* Runtime registers: interrupter 0 */
#define RT_IMAN		0x20
#define RT_IMOD		0x24
#define RT_ERSTSZ	0x28
#define RT_ERSTBA	0x30
#define RT_ERDP		0x38
#define IMAN_IP		0x01
#define IMAN_IE		0x02
#define ERDP_EHB	0x08

/* Extended capabilities */
#define XCAP_LEGACY	1
#define XCAP_PROTOCOL	2
#define LEGACY_BIOS_OWNED (1u << 16)
#define LEGACY_OS_OWNED	(1u << 24)
#define LEGACY_SMI_KEEP	((0x7u << 1) | (0xffu << 5) | (0x7u << 17))
#define LEGACY_SMI_EVENTS (0x7u << 29)

/* TRBs */
#define TRB_CYCLE	(1u << 0)
#define TRB_TC		(1u << 1)	/* link: toggle cycle */
#define TRB_ISP		(1u << 2)
#define TRB_IOC		(1u << 5)
#define TRB_IDT		(1u << 6)
#define TRB_DIR_IN	(1u << 16)
#define TRB_TYPE(t)	((uint32_t)(t) << 10)
#define TRB_SLOT(s)	((uint32_t)(s) << 24)
#define TRB_EP(e)	((uint32_t)(e) << 16)
#define T_NORMAL	1
#define T_SETUP		2
#define T_DATA		3
#define T_STATUS	4
#define T_LINK		6
#define T_ENABLE_SLOT	9
#define T_DISABLE_SLOT	10
#define T_ADDRESS	11
#define T_CONFIG_EP	12
#define T_EVALUATE	13
#define T_RESET_EP	14
#define T_SET_DEQ	16
#define T_EV_TRANSFER	32
#define T_EV_COMMAND	33
#define T_EV_PORT	34
#define T_EV_HOST	37
#define CC_SUCCESS	1
#define CC_SHORT	13

/* Endpoint types */
#define EP_CONTROL	4
#define EP_INTR_IN	7

struct trb {
	uint64_t param;
	uint32_t status;
	uint32_t control;
};

struct ring {
	volatile struct trb *trb;
	paddr_t pa;
	int enq;
	uint32_t cycle;
};

struct usb_hc_dev {
	struct usb_device dev;
	paddr_t out_pa, in_pa, buf_pa;
	uint8_t *out, *in, *buf;	/* device and input contexts, data */
	struct ring ep0, intr;
	int intr_dci, intr_mps;
	int ep0_broken;			/* a control transfer timed out */
	/* The slot context, as the controller must be told it: */
	uint32_t route;
	int root_port, tt_slot, tt_port, hub, nports, ttt, entries;
	/* Written by the event handler (hc->lock): */
	paddr_t ep0_last;		/* the TRB whose event ends a transfer */
	int ep0_done, ep0_cc, ep0_residual;
	int intr_done, intr_cc, intr_len;
};

struct xhci {
	const struct pci_dev *pci;
	int index;
	volatile uint8_t *cap, *op, *rt;
	volatile uint32_t *db;
	int max_slots, max_ports, csz, ac64;
	uint64_t *dcbaa;
	paddr_t dcbaa_pa;
	struct ring cmd;
	volatile struct trb *evt;
	paddr_t evt_pa;
	int evt_deq;
	uint32_t evt_cycle;
	int polling;			/* no interrupt: look every POLL_NS */
	int dead;			/* a command timed out */

	struct spinlock lock;
	struct waitq wq;		/* the thread, for any of these: */
	/* Protected by lock: */
	paddr_t cmd_trb;		/* the command in flight */
	int cmd_done, cmd_cc, cmd_slot;
	int port_change;
	int intr_pending;		/* interrupt transfers completed */
	struct usb_hc_dev *slots[XHCI_MAX_SLOTS + 1];

	/* The thread's own: */
	uint8_t *usb3;			/* per root port: a USB 3 port */
	struct usb_device **root;	/* per root port: its device */
	uint8_t *failed;		/* per root port: attach failed */
};

static int nctrls;

static const struct usb_driver *const drivers[] = {
	&usb_hub_driver, &usb_kbd_driver,
};

/* ---------------------------------------------------------- registers */

static uint32_t op_read(struct xhci *hc, int off)
{
	return *(volatile uint32_t *)(hc->op + off);
}

static void op_write(struct xhci *hc, int off, uint32_t v)
{
	*(volatile uint32_t *)(hc->op + off) = v;
}

static void op_write64(struct xhci *hc, int off, uint64_t v)
{
	op_write(hc, off, (uint32_t)v);
	op_write(hc, off + 4, (uint32_t)(v >> 32));
}

static void rt_write(struct xhci *hc, int off, uint32_t v)
{
	*(volatile uint32_t *)(hc->rt + off) = v;
}

static void rt_write64(struct xhci *hc, int off, uint64_t v)
{
	rt_write(hc, off, (uint32_t)v);
	rt_write(hc, off + 4, (uint32_t)(v >> 32));
}

/* Wait (sleeping) until (op register & mask) == want: 0 or -ETIMEDOUT. */
static int op_wait(struct xhci *hc, int off, uint32_t mask, uint32_t want,
		   uint64_t timeout_ns)
{
	uint64_t end = time_ns() + timeout_ns;

	while ((op_read(hc, off) & mask) != want) {
		if (time_ns() > end)
			return -ETIMEDOUT;
		sleep_ns(1000000);
	}
	return 0;
}

/* ------------------------------------------------------------- memory */

/* A zeroed page the controller can reach (below 4 GiB without AC64). */
static void *dma_page(struct xhci *hc, paddr_t *pa)
{
	paddr_t p = pmm_zalloc_page();

	if (!p)
		return NULL;
	if (!hc->ac64 && p + PAGE_SIZE > 0x100000000ULL) {
		pmm_free_page(p);
		return NULL;
	}
	*pa = p;
	return P2V(p);
}

static void dma_free(paddr_t pa)
{
	if (pa)
		pmm_free_page(pa);
}

static int ring_init(struct xhci *hc, struct ring *r)
{
	r->trb = dma_page(hc, &r->pa);
	r->enq = 0;
	r->cycle = 1;
	return r->trb ? 0 : -ENOMEM;
}

/* Put one TRB on a producer ring; its bus address. The cycle bit goes
   last: until then the controller does not own the TRB. */
static paddr_t ring_put(struct ring *r, uint64_t param, uint32_t status,
			uint32_t control)
{
	volatile struct trb *t = &r->trb[r->enq];
	paddr_t at = r->pa + (paddr_t)r->enq * sizeof(struct trb);

	t->param = param;
	t->status = status;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	t->control = (control & ~TRB_CYCLE) | r->cycle;
	if (++r->enq == RING_TRBS - 1) {
		volatile struct trb *link = &r->trb[RING_TRBS - 1];

		link->param = r->pa;
		link->status = 0;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		link->control = TRB_TYPE(T_LINK) | TRB_TC | r->cycle;
		r->enq = 0;
		r->cycle ^= 1;
	}
	return at;
}

static paddr_t ring_enq_pa(struct ring *r)
{
	return r->pa + (paddr_t)r->enq * sizeof(struct trb);
}

/* Context i of a context block (the input context's 0 is its control
   context; the device context's 0 is the slot). */
static uint32_t *ctx(struct xhci *hc, uint8_t *base, int i)
{
	return (uint32_t *)(base + i * hc->csz);
}

/* ------------------------------------------------------------- events */

/* Take every event the controller has posted; hc->lock held. Returns
   how many. */
static int take_events(struct xhci *hc)
{
	int n = 0;

	for (;;) {
		volatile struct trb *e = &hc->evt[hc->evt_deq];
		uint32_t ctl = e->control, status;
		uint64_t param;
		struct usb_hc_dev *d;
		int slot;

		if ((ctl & TRB_CYCLE) != hc->evt_cycle)
			break;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		param = e->param;
		status = e->status;
		slot = ctl >> 24;
		switch (ctl >> 10 & 0x3f) {
		case T_EV_COMMAND:
			if (param == hc->cmd_trb) {
				hc->cmd_cc = status >> 24;
				hc->cmd_slot = slot;
				hc->cmd_done = 1;
			}
			break;
		case T_EV_TRANSFER:
			d = slot <= hc->max_slots ? hc->slots[slot] : NULL;
			if (!d)
				break;
			if ((int)(ctl >> 16 & 0x1f) == 1) {
				int cc = status >> 24;

				/* The status stage's event ends a transfer,
				   and so does an error on an earlier stage;
				   a short data stage reports its residue. */
				if (param == d->ep0_last ||
				    (cc != CC_SUCCESS && cc != CC_SHORT)) {
					d->ep0_cc = cc;
					d->ep0_done = 1;
				} else if (cc == CC_SHORT) {
					d->ep0_residual = status & 0xffffff;
				}
			} else if ((int)(ctl >> 16 & 0x1f) == d->intr_dci) {
				d->intr_cc = status >> 24;
				d->intr_len = d->intr_mps -
					      (int)(status & 0xffffff);
				d->intr_done = 1;
				hc->intr_pending++;
			}
			break;
		case T_EV_PORT:
			hc->port_change = 1;
			break;
		case T_EV_HOST:
			klog(LOG_WARN, "xhci%d: host controller event, code "
			     "%u\n", hc->index, status >> 24);
			break;
		}
		if (++hc->evt_deq == RING_TRBS) {
			hc->evt_deq = 0;
			hc->evt_cycle ^= 1;
		}
		n++;
	}
	if (n)
		rt_write64(hc, RT_ERDP, (hc->evt_pa + (paddr_t)hc->evt_deq *
					 sizeof(struct trb)) | ERDP_EHB);
	return n;
}

static void xhci_irq(struct trapframe *tf, void *arg)
{
	struct xhci *hc = arg;
	int n;

	(void)tf;
	spin_lock(&hc->lock);
	op_write(hc, OP_USBSTS, STS_EINT);
	rt_write(hc, RT_IMAN, IMAN_IE | IMAN_IP);
	n = take_events(hc);
	spin_unlock(&hc->lock);
	if (n)
		waitq_wake_all(&hc->wq);
}

/* Sleep until *flag is set (by take_events) or timeout_ns passes;
   hc->lock held. 0 or -ETIMEDOUT. */
static int wait_flag(struct xhci *hc, int *flag, uint64_t timeout_ns)
{
	uint64_t end = time_ns() + timeout_ns;

	for (;;) {
		uint64_t now, until;

		if (hc->polling)
			take_events(hc);
		if (__atomic_load_n(flag, __ATOMIC_RELAXED))
			return 0;
		now = time_ns();
		if (now >= end)
			return -ETIMEDOUT;
		until = end;
		if (hc->polling && until > now + POLL_NS)
			until = now + POLL_NS;
		waitq_wait_until(&hc->wq, &hc->lock, until);
	}
}

/* ----------------------------------------------------------- commands */

/* Run one command and wait for it: 0, -EIO (its completion code is
   logged), or -ETIMEDOUT (the controller is then given up). */
static int command(struct xhci *hc, uint64_t param, uint32_t control,
		   int *slot)
{
	int r, cc;

	spin_lock(&hc->lock);
	if (hc->dead) {
		spin_unlock(&hc->lock);
		return -EIO;
	}
	hc->cmd_done = 0;
	hc->cmd_trb = ring_put(&hc->cmd, param, 0, control);
	hc->db[0] = 0;
	r = wait_flag(hc, &hc->cmd_done, CMD_TIMEOUT_NS);
	cc = hc->cmd_cc;
	if (r)
		hc->dead = 1;
	if (slot)
		*slot = hc->cmd_slot;
	spin_unlock(&hc->lock);
	if (r) {
		klog(LOG_ERR, "xhci%d: command %u timed out; controller "
		     "given up\n", hc->index, control >> 10 & 0x3f);
		return r;
	}
	if (cc != CC_SUCCESS) {
		klog(LOG_WARN, "xhci%d: command %u failed, completion code "
		     "%d\n", hc->index, control >> 10 & 0x3f, cc);
		return -EIO;
	}
	return 0;
}

/* Slot context from the device's recorded state. */
static void fill_slot(struct xhci *hc, struct usb_hc_dev *d, uint32_t *s)
{
	memset(s, 0, hc->csz);
	s[0] = d->route | (uint32_t)d->dev.speed << 20 |
	       (uint32_t)d->hub << 26 | (uint32_t)d->entries << 27;
	s[1] = (uint32_t)d->root_port << 16 | (uint32_t)d->nports << 24;
	s[2] = (uint32_t)d->tt_slot | (uint32_t)d->tt_port << 8 |
	       (uint32_t)d->ttt << 16;
}

static void fill_ep(uint32_t *e, int type, int mps, int burst, int interval,
		    struct ring *r, int avg)
{
	int esit = mps * (burst + 1);

	e[0] = (uint32_t)interval << 16;
	e[1] = 3u << 1 | (uint32_t)type << 3 | (uint32_t)burst << 8 |
	       (uint32_t)mps << 16;
	e[2] = (uint32_t)r->pa | r->cycle;	/* DCS: the ring's cycle */
	e[3] = (uint32_t)(r->pa >> 32);
	e[4] = (uint32_t)avg | (type == EP_CONTROL ? 0 : (uint32_t)esit << 16);
}

/* An endpoint halted by an error: reset it and move its dequeue pointer
   past what was abandoned, so the ring can be used again. */
static void recover_ep(struct usb_hc_dev *d, int dci, struct ring *r)
{
	struct xhci *hc = d->dev.hc;

	command(hc, 0, TRB_TYPE(T_RESET_EP) | TRB_SLOT(d->dev.slot) |
		TRB_EP(dci), NULL);
	command(hc, ring_enq_pa(r) | r->cycle, TRB_TYPE(T_SET_DEQ) |
		TRB_SLOT(d->dev.slot) | TRB_EP(dci), NULL);
}

/* ------------------------------------------------- transfers (usb.h) */

int usb_control(struct usb_device *ud, uint8_t type, uint8_t request,
		uint16_t value, uint16_t index, void *buf, int len)
{
	struct usb_hc_dev *d = ud->hcd;
	struct xhci *hc = ud->hc;
	uint64_t setup;
	uint32_t trt = 0;
	int in = type & USB_DIR_IN, r, cc, got;

	if (len < 0 || len > CTRL_BUF_MAX)
		return -EINVAL;
	if (!in && len)
		memcpy(d->buf, buf, len);
	setup = type | (uint32_t)request << 8 | (uint32_t)value << 16 |
		(uint64_t)index << 32 | (uint64_t)len << 48;
	if (len)
		trt = in ? 3u << 16 : 2u << 16;
	spin_lock(&hc->lock);
	if (hc->dead || d->ep0_broken) {
		spin_unlock(&hc->lock);
		return -EIO;
	}
	d->ep0_done = 0;
	d->ep0_residual = 0;
	ring_put(&d->ep0, setup, 8, TRB_TYPE(T_SETUP) | TRB_IDT | trt);
	if (len)
		ring_put(&d->ep0, d->buf_pa, (uint32_t)len, TRB_TYPE(T_DATA) |
			 TRB_ISP | (in ? TRB_DIR_IN : 0));
	/* The status stage goes the other way (IN when there is no data). */
	d->ep0_last = ring_put(&d->ep0, 0, 0, TRB_TYPE(T_STATUS) | TRB_IOC |
			       (in && len ? 0 : TRB_DIR_IN));
	hc->db[ud->slot] = 1;
	r = wait_flag(hc, &d->ep0_done, XFER_TIMEOUT_NS);
	cc = d->ep0_cc;
	got = len - d->ep0_residual;
	if (r)		/* its TRBs are still queued: no more requests */
		d->ep0_broken = 1;
	spin_unlock(&hc->lock);
	if (r) {
		klog(LOG_WARN, "xhci%d: slot %d: control request %02x:%02x "
		     "timed out; device not used any more\n", hc->index,
		     ud->slot, type, request);
		return r;
	}
	if (cc != CC_SUCCESS) {
		recover_ep(d, 1, &d->ep0);
		return -EIO;
	}
	if (in && got > 0)
		memcpy(buf, d->buf, got);
	return got < 0 ? 0 : got;
}

static void intr_submit(struct usb_hc_dev *d)
{
	struct xhci *hc = d->dev.hc;

	spin_lock(&hc->lock);
	ring_put(&d->intr, d->buf_pa + CTRL_BUF_MAX, (uint32_t)d->intr_mps,
		 TRB_TYPE(T_NORMAL) | TRB_ISP | TRB_IOC);
	hc->db[d->dev.slot] = (uint32_t)d->intr_dci;
	spin_unlock(&hc->lock);
}

/* The controller's Interval: 2^n units of 125 us. A high-speed device
   asks for 2^(bInterval-1) of them. A full- or low-speed one asks for a
   period in milliseconds, the longest it tolerates; we poll those every
   millisecond, the shortest they allow: a key's latency is the period,
   and QEMU's emulation delivered keys behind a hub up to half a second
   late with the 8 ms a keyboard's bInterval of 10 gives. */
static int ep_interval(int speed, int binterval)
{
	if (speed == USB_SPEED_HIGH || speed == USB_SPEED_SUPER) {
		if (binterval < 1)
			binterval = 1;
		return binterval > 16 ? 15 : binterval - 1;
	}
	return 3;
}

int usb_configure_intr(struct usb_device *ud, int value,
		       const struct usb_endpoint_desc *ep)
{
	struct usb_hc_dev *d = ud->hcd;
	struct xhci *hc = ud->hc;
	int dci = (ep->address & 0xf) * 2 + 1, mps, burst, r;
	uint32_t *ic;

	if (d->intr_dci)
		return -EBUSY;
	mps = ep->max_packet & 0x7ff;
	burst = ud->speed == USB_SPEED_HIGH ? ep->max_packet >> 11 & 3 : 0;
	if (mps == 0 || mps > USB_INTR_MAX || dci < 3)
		return -EINVAL;
	/* A driver whose set-up failed may have left the ring behind. */
	if (!d->intr.trb && (r = ring_init(hc, &d->intr)) < 0)
		return r;
	d->intr_mps = mps;
	if (dci > d->entries)
		d->entries = dci;
	memset(d->in, 0, PAGE_SIZE);
	ic = ctx(hc, d->in, 0);
	ic[1] = 1u | 1u << dci;			/* add: slot, endpoint */
	fill_slot(hc, d, ctx(hc, d->in, 1));
	fill_ep(ctx(hc, d->in, dci + 1), EP_INTR_IN, mps, burst,
		ep_interval(ud->speed, ep->interval), &d->intr, mps);
	if ((r = command(hc, d->in_pa, TRB_TYPE(T_CONFIG_EP) |
			 TRB_SLOT(ud->slot), NULL)) < 0)
		return r;
	r = usb_control(ud, 0, USB_REQ_SET_CONFIGURATION, (uint16_t)value, 0,
			NULL, 0);
	if (r < 0)
		return r;
	spin_lock(&hc->lock);
	d->intr_dci = dci;			/* events now reach it */
	spin_unlock(&hc->lock);
	intr_submit(d);
	return 0;
}

int usb_set_hub(struct usb_device *ud, int nports, int think_time)
{
	struct usb_hc_dev *d = ud->hcd;
	struct xhci *hc = ud->hc;

	d->hub = 1;
	d->nports = nports;
	d->ttt = ud->speed == USB_SPEED_HIGH ? think_time : 0;
	/* A Configure Endpoint that only changes the slot context. */
	memset(d->in, 0, PAGE_SIZE);
	ctx(hc, d->in, 0)[1] = 1u;
	fill_slot(hc, d, ctx(hc, d->in, 1));
	return command(hc, d->in_pa, TRB_TYPE(T_CONFIG_EP) |
		       TRB_SLOT(ud->slot), NULL);
}

const void *usb_next_desc(const uint8_t *config, int len, int *pos, int type)
{
	while (*pos + 2 <= len) {
		const uint8_t *p = config + *pos;

		if (p[0] < 2 || *pos + p[0] > len)
			return NULL;		/* malformed: stop */
		*pos += p[0];
		if (p[1] == type)
			return p;
	}
	return NULL;
}

/* -------------------------------------------------------- enumeration */

static void free_dev(struct xhci *hc, struct usb_hc_dev *d)
{
	if (d->dev.slot) {
		spin_lock(&hc->lock);
		hc->slots[d->dev.slot] = NULL;	/* no more events for it */
		spin_unlock(&hc->lock);
		command(hc, 0, TRB_TYPE(T_DISABLE_SLOT) |
			TRB_SLOT(d->dev.slot), NULL);
		hc->dcbaa[d->dev.slot] = 0;
	}
	dma_free(d->out_pa);
	dma_free(d->in_pa);
	dma_free(d->buf_pa);
	dma_free(d->ep0.pa);
	dma_free(d->intr.pa);
	kfree(d);
}

static const char *speed_name(int speed)
{
	static const char *const names[] = {
		"?", "full", "low", "high", "super", "super+",
	};

	return speed >= 0 && speed <= 5 ? names[speed] : "?";
}

/* Address a new device and read its descriptors; 0 or -errno. */
static int address(struct xhci *hc, struct usb_hc_dev *d,
		   struct usb_device_desc *dd)
{
	struct usb_device *ud = &d->dev;
	int r, mps, slot;
	uint32_t *ic;

	if ((r = command(hc, 0, TRB_TYPE(T_ENABLE_SLOT), &slot)) < 0)
		return r;
	if (slot < 1 || slot > hc->max_slots) {
		klog(LOG_WARN, "xhci%d: bad slot id %d\n", hc->index, slot);
		return -EIO;
	}
	ud->slot = slot;
	hc->dcbaa[slot] = d->out_pa;
	spin_lock(&hc->lock);
	hc->slots[slot] = d;
	spin_unlock(&hc->lock);

	/* Endpoint 0's packet size until the descriptor tells. */
	mps = ud->speed == USB_SPEED_SUPER ? 512 :
	      ud->speed == USB_SPEED_HIGH ? 64 : 8;
	d->entries = 1;
	ic = ctx(hc, d->in, 0);
	ic[1] = 3;				/* add: slot, endpoint 0 */
	fill_slot(hc, d, ctx(hc, d->in, 1));
	fill_ep(ctx(hc, d->in, 2), EP_CONTROL, mps, 0, 0, &d->ep0, 8);
	if ((r = command(hc, d->in_pa, TRB_TYPE(T_ADDRESS) | TRB_SLOT(slot),
			 NULL)) < 0)
		return r;
	r = usb_control(ud, USB_DIR_IN, USB_REQ_GET_DESCRIPTOR,
			USB_DT_DEVICE << 8, 0, dd, 8);
	if (r < 8)
		return r < 0 ? r : -EIO;
	if (ud->speed == USB_SPEED_FULL && dd->max_packet0 != mps &&
	    (dd->max_packet0 == 8 || dd->max_packet0 == 16 ||
	     dd->max_packet0 == 32 || dd->max_packet0 == 64)) {
		memset(d->in, 0, PAGE_SIZE);
		ctx(hc, d->in, 0)[1] = 2;	/* endpoint 0 */
		fill_ep(ctx(hc, d->in, 2), EP_CONTROL, dd->max_packet0, 0, 0,
			&d->ep0, 8);
		if ((r = command(hc, d->in_pa, TRB_TYPE(T_EVALUATE) |
				 TRB_SLOT(slot), NULL)) < 0)
			return r;
	}
	r = usb_control(ud, USB_DIR_IN, USB_REQ_GET_DESCRIPTOR,
			USB_DT_DEVICE << 8, 0, dd, sizeof(*dd));
	if (r < (int)sizeof(*dd))
		return r < 0 ? r : -EIO;
	ud->vendor = dd->vendor;
	ud->product = dd->product;
	return 0;
}

/* Configuration 1's descriptors (all of them, up to USB_MAX_CONFIG). */
static int read_config(struct usb_device *ud, uint8_t *buf)
{
	struct usb_config_desc *c = (void *)buf;
	int r, len;

	r = usb_control(ud, USB_DIR_IN, USB_REQ_GET_DESCRIPTOR,
			USB_DT_CONFIG << 8, 0, buf, sizeof(*c));
	if (r < (int)sizeof(*c) || c->type != USB_DT_CONFIG)
		return r < 0 ? r : -EIO;
	len = c->total_length < USB_MAX_CONFIG ? c->total_length
					       : USB_MAX_CONFIG;
	if (len < (int)sizeof(*c))
		return -EIO;
	return usb_control(ud, USB_DIR_IN, USB_REQ_GET_DESCRIPTOR,
			   USB_DT_CONFIG << 8, 0, buf, len);
}

static struct usb_device *attach(struct xhci *hc, struct usb_device *hub,
				 int port, int speed)
{
	struct usb_device_desc dd;
	struct usb_hc_dev *d;
	struct usb_device *ud;
	uint8_t *config = NULL;
	unsigned i;
	int r, len;

	if (!(d = kzalloc(sizeof(*d))))
		return NULL;
	ud = &d->dev;
	ud->hc = hc;
	ud->hcd = d;
	ud->parent = hub;
	ud->port = port;
	ud->speed = speed;
	if (hub) {
		struct usb_hc_dev *h = hub->hcd;

		ud->depth = hub->depth + 1;
		d->route = h->route | (uint32_t)(port > 15 ? 15 : port)
					  << (4 * hub->depth);
		d->root_port = h->root_port;
		/* A low- or full-speed device below a high-speed hub talks
		   through that hub's transaction translator. */
		if ((speed == USB_SPEED_LOW || speed == USB_SPEED_FULL) &&
		    hub->speed == USB_SPEED_HIGH) {
			d->tt_slot = hub->slot;
			d->tt_port = port;
		} else {
			d->tt_slot = h->tt_slot;
			d->tt_port = h->tt_port;
		}
	} else {
		d->root_port = port;
	}
	r = -ENOMEM;
	if (!(d->out = dma_page(hc, &d->out_pa)) ||
	    !(d->in = dma_page(hc, &d->in_pa)) ||
	    !(d->buf = dma_page(hc, &d->buf_pa)) ||
	    ring_init(hc, &d->ep0) < 0 ||
	    !(config = kmalloc(USB_MAX_CONFIG)))
		goto fail;
	if ((r = address(hc, d, &dd)) < 0 ||
	    (r = len = read_config(ud, config)) < 0)
		goto fail;
	klog(LOG_INFO, "usb: %s%d: %04x:%04x, %s speed, class %02x, "
	     "slot %d\n", hub ? "hub slot " : "port ", hub ? hub->slot : port,
	     dd.vendor, dd.product, speed_name(speed), dd.dev_class,
	     ud->slot);
	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++) {
		r = drivers[i]->probe(ud, &dd, config, len);
		if (r == 0) {
			ud->drv = drivers[i];
			break;
		}
		if (r != -ENODEV)
			break;
	}
	if (!ud->drv)
		klog(LOG_INFO, "usb: slot %d: no driver (%d)\n", ud->slot, r);
	kfree(config);
	return ud;
fail:
	klog(LOG_WARN, "usb: %s %d: device not set up (%d)\n",
	     hub ? "hub port" : "port", port, r);
	kfree(config);
	free_dev(hc, d);
	return NULL;
}

struct usb_device *usb_attach(struct usb_device *hub, int port, int speed)
{
	return attach(hub->hc, hub, port, speed);
}

void usb_detach(struct usb_device *ud)
{
	struct xhci *hc = ud->hc;

	if (ud->drv && ud->drv->remove)
		ud->drv->remove(ud);
	klog(LOG_INFO, "usb: slot %d (%04x:%04x) detached\n", ud->slot,
	     ud->vendor, ud->product);
	free_dev(hc, ud->hcd);
}

/* --------------------------------------------------------- root ports */

/* Reset a root port with a device; its speed, or -errno. A USB 3 port
   enables itself once the link is up; a USB 2 port needs a reset. */
static int reset_root_port(struct xhci *hc, int p)
{
	uint64_t end = time_ns() + 500000000ULL;
	uint32_t v = op_read(hc, OP_PORTSC(p));

	if (hc->usb3[p] && (v & PORT_PED))
		return PORT_SPEED(v);
	op_write(hc, OP_PORTSC(p), (v & PORT_KEEP) |
		 (hc->usb3[p] ? PORT_WPR : PORT_PR));
	do {
		sleep_ns(5000000);
		v = op_read(hc, OP_PORTSC(p));
	} while (!(v & (PORT_PRC | PORT_WRC)) && time_ns() < end);
	op_write(hc, OP_PORTSC(p), (v & PORT_KEEP) |
		 (v & (PORT_PRC | PORT_WRC)));
	if (!(v & PORT_CCS) || !(v & PORT_PED))
		return -EIO;
	sleep_ns(10000000);		/* reset recovery (USB 2.0, 7.1.7.3) */
	return PORT_SPEED(v);
}

static void check_root_ports(struct xhci *hc)
{
	int p, speed;

	for (p = 1; p <= hc->max_ports; p++) {
		uint32_t v = op_read(hc, OP_PORTSC(p));

		if (v & PORT_CHANGES)
			op_write(hc, OP_PORTSC(p),
				 (v & PORT_KEEP) | (v & PORT_CHANGES));
		if (v & PORT_CSC)
			hc->failed[p] = 0;
		if (hc->root[p] && (!(v & PORT_CCS) || (v & PORT_CSC))) {
			usb_detach(hc->root[p]);
			hc->root[p] = NULL;
		}
		if (hc->root[p] || hc->failed[p] || !(v & PORT_CCS))
			continue;
		if ((speed = reset_root_port(hc, p)) < 0) {
			klog(LOG_WARN, "xhci%d: port %d: reset failed\n",
			     hc->index, p);
			hc->failed[p] = 1;
			continue;
		}
		hc->root[p] = attach(hc, NULL, p, speed);
		hc->failed[p] = !hc->root[p];
	}
}

/* ------------------------------------------------------------- set-up */

/* Take the controller from the firmware (it may be using it to emulate
   a PS/2 keyboard through SMIs): ask, wait up to a second, then take it
   anyway, and turn its SMIs off. */
static void bios_handoff(struct xhci *hc, volatile uint32_t *leg)
{
	uint64_t end = time_ns() + 1000000000ULL;

	if (leg[0] & LEGACY_BIOS_OWNED) {
		leg[0] |= LEGACY_OS_OWNED;
		while ((leg[0] & LEGACY_BIOS_OWNED) && time_ns() < end)
			cpu_relax();
		if (leg[0] & LEGACY_BIOS_OWNED) {
			klog(LOG_WARN, "xhci%d: the firmware kept the "
			     "controller; taking it\n", hc->index);
			leg[0] &= ~LEGACY_BIOS_OWNED;
		} else {
			klog(LOG_INFO, "xhci%d: firmware handed the "
			     "controller over\n", hc->index);
		}
	}
	leg[0] |= LEGACY_OS_OWNED;
	leg[1] = (leg[1] & LEGACY_SMI_KEEP) | LEGACY_SMI_EVENTS;
}

/* Walk the extended capabilities: hand-off, and which ports are USB 3. */
static void ext_caps(struct xhci *hc, int handoff)
{
	uint32_t off = (*(volatile uint32_t *)(hc->cap + CAP_HCCPARAMS1) >>
			16) * 4;
	int n = 0;

	while (off && n++ < 64) {
		volatile uint32_t *c = (volatile uint32_t *)(hc->cap + off);
		uint32_t v = c[0], next = (v >> 8 & 0xff) * 4;

		if ((v & 0xff) == XCAP_LEGACY && handoff)
			bios_handoff(hc, c);
		if ((v & 0xff) == XCAP_PROTOCOL && !handoff && v >> 24 >= 3) {
			int first = c[2] & 0xff, count = c[2] >> 8 & 0xff, p;

			for (p = first; p < first + count && p <= hc->max_ports;
			     p++)
				if (p >= 1)
					hc->usb3[p] = 1;
		}
		off = next ? off + next : 0;
	}
}

static int start(struct xhci *hc)
{
	volatile uint8_t *cap = hc->cap;
	uint32_t p1 = *(volatile uint32_t *)(cap + CAP_HCSPARAMS1);
	uint32_t p2 = *(volatile uint32_t *)(cap + CAP_HCSPARAMS2);
	uint32_t cc1 = *(volatile uint32_t *)(cap + CAP_HCCPARAMS1);
	int nscratch = (int)((p2 >> 21 & 0x1f) << 5 | (p2 >> 27 & 0x1f));
	uint64_t *erst, *scratch;
	paddr_t erst_pa, scratch_pa, pa;
	int vector, i;

	hc->max_slots = p1 & 0xff;
	if (hc->max_slots > XHCI_MAX_SLOTS)
		hc->max_slots = XHCI_MAX_SLOTS;
	hc->max_ports = p1 >> 24;
	hc->csz = cc1 & HCC_CSZ ? 64 : 32;
	hc->ac64 = cc1 & HCC_AC64;
	hc->usb3 = kzalloc(hc->max_ports + 1);
	hc->failed = kzalloc(hc->max_ports + 1);
	hc->root = kzalloc((hc->max_ports + 1) * sizeof(*hc->root));
	if (!hc->usb3 || !hc->failed || !hc->root)
		return -ENOMEM;
	ext_caps(hc, 0);

	/* Stop it (the firmware ran it), then reset it. */
	op_write(hc, OP_USBCMD, op_read(hc, OP_USBCMD) & ~CMD_RUN);
	if (op_wait(hc, OP_USBSTS, STS_HCH, STS_HCH, 100000000ULL) < 0)
		return -ETIMEDOUT;
	op_write(hc, OP_USBCMD, CMD_HCRST);
	if (op_wait(hc, OP_USBCMD, CMD_HCRST, 0, 1000000000ULL) < 0 ||
	    op_wait(hc, OP_USBSTS, STS_CNR, 0, 1000000000ULL) < 0)
		return -ETIMEDOUT;

	op_write(hc, OP_CONFIG, (uint32_t)hc->max_slots);
	if (!(hc->dcbaa = dma_page(hc, &hc->dcbaa_pa)))
		return -ENOMEM;
	if (nscratch) {
		if (nscratch > (int)(PAGE_SIZE / 8) ||
		    !(scratch = dma_page(hc, &scratch_pa)))
			return -ENOMEM;
		for (i = 0; i < nscratch; i++) {
			if (!dma_page(hc, &pa))
				return -ENOMEM;
			scratch[i] = pa;
		}
		hc->dcbaa[0] = scratch_pa;
	}
	op_write64(hc, OP_DCBAAP, hc->dcbaa_pa);
	if (ring_init(hc, &hc->cmd) < 0)
		return -ENOMEM;
	op_write64(hc, OP_CRCR, hc->cmd.pa | 1);	/* RCS: cycle 1 */

	if (!(hc->evt = dma_page(hc, &hc->evt_pa)) ||
	    !(erst = dma_page(hc, &erst_pa)))
		return -ENOMEM;
	erst[0] = hc->evt_pa;
	erst[1] = RING_TRBS;
	hc->evt_cycle = 1;
	rt_write(hc, RT_ERSTSZ, 1);
	rt_write64(hc, RT_ERDP, hc->evt_pa);
	rt_write64(hc, RT_ERSTBA, erst_pa);
	rt_write(hc, RT_IMOD, 4000);		/* at most one per ms */

	vector = irq_alloc_vector();
	if (vector >= 0) {
		irq_set_handler(vector, xhci_irq, hc);
		if (pci_enable_msi(hc->pci, vector) < 0)
			vector = -1;
	}
	if (vector < 0) {
		hc->polling = 1;
		klog(LOG_INFO, "xhci%d: no MSI; the event ring is polled at "
		     "%llu Hz\n", hc->index, 1000000000ULL / POLL_NS);
	}
	rt_write(hc, RT_IMAN, IMAN_IE | IMAN_IP);
	op_write(hc, OP_USBCMD, CMD_RUN | CMD_INTE);
	if (op_wait(hc, OP_USBSTS, STS_HCH, 0, 100000000ULL) < 0)
		return -ETIMEDOUT;
	klog(LOG_INFO, "xhci%d: %d ports, %d slots, %d-byte contexts, %d "
	     "scratchpad pages, %s\n", hc->index, hc->max_ports,
	     hc->max_slots, hc->csz, nscratch,
	     hc->polling ? "polled" : "MSI");
	return 0;
}

/* ------------------------------------------------------------- thread */

/* Hand the completed interrupt transfers to their drivers. */
static void run_reports(struct xhci *hc)
{
	int s;

	for (s = 1; s <= hc->max_slots; s++) {
		struct usb_hc_dev *d;
		uint8_t buf[USB_INTR_MAX];
		int cc, len;

		spin_lock(&hc->lock);
		d = hc->slots[s];
		if (!d || !d->intr_done) {
			spin_unlock(&hc->lock);
			continue;
		}
		d->intr_done = 0;
		hc->intr_pending--;
		cc = d->intr_cc;
		len = d->intr_len;
		spin_unlock(&hc->lock);
		if (cc == CC_SUCCESS || cc == CC_SHORT) {
			if (len > USB_INTR_MAX)
				len = USB_INTR_MAX;
			memcpy(buf, d->buf + CTRL_BUF_MAX, len);
			if (d->dev.drv && d->dev.drv->report)
				d->dev.drv->report(&d->dev, buf, len);
		} else {
			klog(LOG_WARN, "xhci%d: slot %d: interrupt transfer "
			     "error %d\n", hc->index, s, cc);
			recover_ep(d, d->intr_dci, &d->intr);
			sleep_ns(100000000);	/* no storm of errors */
		}
		if (hc->slots[s] == d && !hc->dead)
			intr_submit(d);
	}
}

/* Run the drivers' timers that are due; the next deadline (0: none). */
static uint64_t run_ticks(struct xhci *hc)
{
	uint64_t next = 0;
	int s;

	for (s = 1; s <= hc->max_slots; s++) {
		struct usb_hc_dev *d = hc->slots[s];
		const struct usb_driver *drv = d ? d->dev.drv : NULL;
		uint64_t at;

		if (!drv || !drv->deadline || !(at = drv->deadline(&d->dev)))
			continue;
		if (at <= time_ns()) {
			drv->tick(&d->dev);
			at = drv->deadline(&d->dev);
		}
		if (at && (!next || at < next))
			next = at;
	}
	return next;
}

static void xhci_thread(void *arg)
{
	struct xhci *hc = arg;
	int r;

	if ((r = start(hc)) < 0) {
		klog(LOG_WARN, "xhci%d: controller did not start (%d)\n",
		     hc->index, r);
		return;
	}
	sleep_ns(50000000);		/* let USB 3 links come up */
	hc->port_change = 1;
	while (!hc->dead) {
		uint64_t next;

		spin_lock(&hc->lock);
		r = hc->port_change;
		hc->port_change = 0;
		spin_unlock(&hc->lock);
		if (r)
			check_root_ports(hc);
		run_reports(hc);
		next = run_ticks(hc);
		/* One sleep per round: a wake-up, however spurious, just
		   means one more look at everything. */
		spin_lock(&hc->lock);
		if (hc->polling)
			take_events(hc);
		if (!hc->port_change && !hc->intr_pending &&
		    (!next || time_ns() < next)) {
			uint64_t until = next ? next : WAITQ_FOREVER;

			if (hc->polling && until > time_ns() + POLL_NS)
				until = time_ns() + POLL_NS;
			waitq_wait_until(&hc->wq, &hc->lock, until);
		}
		spin_unlock(&hc->lock);
	}
}

void xhci_init(void)
{
	int i;

	for (i = 0; pci_dev_at(i); i++) {
		const struct pci_dev *p = pci_dev_at(i);
		struct xhci *hc;

		if (p->class != 0x0c || p->subclass != 0x03 ||
		    p->progif != 0x30)
			continue;
		if (!(hc = kzalloc(sizeof(*hc)))) {
			klog(LOG_WARN, "xhci: controller %02x:%02x.%d "
			     "ignored\n", p->bus, p->dev, p->fn);
			continue;
		}
		hc->pci = p;
		hc->index = nctrls;
		spin_init(&hc->lock, "xhci");
		waitq_init(&hc->wq);
		pci_enable(p);
		hc->cap = pci_map_bar(p, 0);
		if (!hc->cap) {
			klog(LOG_WARN, "xhci%d: BAR 0 not mapped\n", nctrls);
			kfree(hc);
			continue;
		}
		hc->op = hc->cap + *(volatile uint8_t *)(hc->cap + CAP_LENGTH);
		hc->rt = hc->cap + (*(volatile uint32_t *)(hc->cap +
							   CAP_RTSOFF) & ~0x1fu);
		hc->db = (volatile uint32_t *)(hc->cap +
			 (*(volatile uint32_t *)(hc->cap + CAP_DBOFF) & ~3u));
		/* Now, before anything touches the PS/2 controller. */
		ext_caps(hc, 1);
		nctrls++;
		if (!thread_create("xhci", xhci_thread, hc))
			klog(LOG_WARN, "xhci%d: no thread\n", hc->index);
	}
}
