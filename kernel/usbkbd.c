/*
 * USB keyboards in the HID boot protocol (interface class 3, subclass 1,
 * protocol 1: every PC keyboard offers it). Each report goes through
 * keymap.c into the same console input as the PS/2 keyboard. The
 * keyboard sends nothing while a key is held, so the typematic repeat is
 * ours: the last key pressed repeats after REPEAT_DELAY, every
 * REPEAT_PERIOD, until it is released. Caps lock's LED follows the state.
 */
#include "console.h"
#include "errno.h"
#include "keymap.h"
#include "kmalloc.h"
#include "log.h"
#include "power.h"
#include "time.h"
#include "usb.h"

#define HID_SUBCLASS_BOOT	1
#define HID_PROTOCOL_KEYBOARD	1
#define HID_REQ_SET_REPORT	0x09
#define HID_REQ_SET_IDLE	0x0a
#define HID_REQ_SET_PROTOCOL	0x0b
#define HID_REPORT_OUTPUT	0x0200
#define HID_LED_CAPS		0x02

#define REPEAT_DELAY	500000000ULL	/* ns, as a PC keyboard's default */
#define REPEAT_PERIOD	33333333ULL	/* 30 a second */

struct usbkbd {
	int interface;
	struct kbd_state keys;		/* modifiers, caps lock (keymap.c) */
	struct hid_kbd_state hid;	/* the last report */
	uint64_t repeat_at;		/* next repeat (time_ns), 0: none */
	int leds;			/* what the LEDs show */
};

static void feed(struct usbkbd *k, const uint8_t *codes, int n)
{
	char out[KBD_MAX_OUT];
	int i, m;

	for (i = 0; i < n; i++) {
		if ((m = kbd_translate(&k->keys, codes[i], out)))
			console_input(out, m);
		if (k->keys.ctrl_alt_del) {
			k->keys.ctrl_alt_del = 0;
			power_ctrl_alt_del();
		}
	}
}

static void set_leds(struct usb_device *d, struct usbkbd *k)
{
	uint8_t leds = k->keys.caps ? HID_LED_CAPS : 0;
	int r;

	if (leds == k->leds)
		return;
	r = usb_control(d, USB_TYPE_CLASS | USB_RECIP_INTERFACE,
			HID_REQ_SET_REPORT, HID_REPORT_OUTPUT, k->interface,
			&leds, 1);
	if (r < 0)
		klog(LOG_WARN, "usbkbd: setting the LEDs failed (%d)\n", r);
	k->leds = leds;		/* not retried: the keys still work */
}

static int kbd_probe(struct usb_device *d, const struct usb_device_desc *dd,
		     const uint8_t *config, int len)
{
	const struct usb_config_desc *c = (const void *)config;
	const struct usb_interface_desc *in = NULL;
	const struct usb_endpoint_desc *ep = NULL;
	struct usbkbd *k;
	int pos = 0, r;

	/* The first interface that is a boot keyboard, and its first
	   interrupt IN endpoint. */
	while ((in = usb_next_desc(config, len, &pos, USB_DT_INTERFACE))) {
		if (in->if_class == USB_CLASS_HID &&
		    in->if_subclass == HID_SUBCLASS_BOOT &&
		    in->if_protocol == HID_PROTOCOL_KEYBOARD)
			break;
	}
	if (!in)
		return -ENODEV;
	while ((ep = usb_next_desc(config, len, &pos, USB_DT_ENDPOINT)))
		if ((ep->address & USB_DIR_IN) && (ep->attributes & 3) == 3)
			break;
	if (!ep) {
		klog(LOG_WARN, "usbkbd: keyboard without an interrupt IN "
		     "endpoint\n");
		return -ENODEV;
	}
	if (!(k = kzalloc(sizeof(*k))))
		return -ENOMEM;
	k->interface = in->number;
	d->drv_data = k;
	if ((r = usb_configure_intr(d, c->value, ep)) < 0)
		goto fail;
	/* The boot protocol's fixed report, sent only when it changes. */
	r = usb_control(d, USB_TYPE_CLASS | USB_RECIP_INTERFACE,
			HID_REQ_SET_PROTOCOL, 0, k->interface, NULL, 0);
	if (r < 0)
		goto fail;
	if (usb_control(d, USB_TYPE_CLASS | USB_RECIP_INTERFACE,
			HID_REQ_SET_IDLE, 0, k->interface, NULL, 0) < 0)
		klog(LOG_INFO, "usbkbd: SET_IDLE refused (harmless)\n");
	k->leds = -1;
	set_leds(d, k);
	klog(LOG_INFO, "usbkbd: keyboard %04x:%04x on slot %d\n",
	     dd->vendor, dd->product, d->slot);
	return 0;
fail:
	klog(LOG_WARN, "usbkbd: keyboard set-up failed (%d)\n", r);
	d->drv_data = NULL;
	kfree(k);
	return r;
}

static void kbd_report(struct usb_device *d, const uint8_t *buf, int len)
{
	struct usbkbd *k = d->drv_data;
	uint8_t codes[HID_MAX_CODES];
	uint8_t before = k->hid.repeat;
	int n;

	n = kbd_hid_report(&k->hid, buf, len, codes);
	feed(k, codes, n);
	if (k->hid.repeat != before)
		k->repeat_at = k->hid.repeat ? time_ns() + REPEAT_DELAY : 0;
	set_leds(d, k);
}

static uint64_t kbd_deadline(struct usb_device *d)
{
	struct usbkbd *k = d->drv_data;

	return k->hid.repeat ? k->repeat_at : 0;
}

static void kbd_tick(struct usb_device *d)
{
	struct usbkbd *k = d->drv_data;
	uint8_t codes[2];
	uint64_t now = time_ns();
	int n;

	if (!k->hid.repeat || now < k->repeat_at)
		return;
	n = kbd_hid_make(k->hid.repeat, codes);
	feed(k, codes, n);
	k->repeat_at += REPEAT_PERIOD;
	if (k->repeat_at < now)		/* we were late: no burst */
		k->repeat_at = now + REPEAT_PERIOD;
}

static void kbd_remove(struct usb_device *d)
{
	klog(LOG_INFO, "usbkbd: keyboard on slot %d removed\n", d->slot);
	kfree(d->drv_data);
	d->drv_data = NULL;
}

const struct usb_driver usb_kbd_driver = {
	.name = "usbkbd",
	.probe = kbd_probe,
	.report = kbd_report,
	.deadline = kbd_deadline,
	.tick = kbd_tick,
	.remove = kbd_remove,
};
