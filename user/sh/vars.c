/* Shell variables: a list of NAME=VALUE with an export flag, and the
   positional parameters. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct var {
	char *name, *value;
	int exported;
	struct var *next;
};

static struct var *vars;
struct positional pos_args;

int valid_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

static struct var *find(const char *name)
{
	struct var *v;

	for (v = vars; v; v = v->next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

const char *var_get(const char *name)
{
	struct var *v = find(name);

	return v ? v->value : NULL;
}

int var_set(const char *name, const char *value, int export)
{
	struct var *v = find(name);

	if (!v) {
		v = xmalloc(sizeof(*v));
		v->name = xstrdup(name);
		v->value = NULL;
		v->exported = 0;
		v->next = vars;
		vars = v;
	}
	if (value) {
		free(v->value);
		v->value = xstrdup(value);
	}
	if (export)
		v->exported = 1;
	return 0;
}

int var_unset(const char *name)
{
	struct var **pp, *v;

	for (pp = &vars; (v = *pp); pp = &v->next)
		if (!strcmp(v->name, name)) {
			*pp = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return 0;
		}
	return 0;
}

void var_export(const char *name)
{
	var_set(name, NULL, 1);
}

void vars_init(char **envp)
{
	for (; *envp; envp++) {
		char *eq = strchr(*envp, '=');
		char *name;

		if (!eq || !valid_name(*envp, eq - *envp))
			continue;
		name = xstrndup(*envp, eq - *envp);
		var_set(name, eq + 1, 1);
		free(name);
	}
	if (!var_get("PATH"))
		var_set("PATH", "/bin", 1);
	if (!var_get("IFS"))
		var_set("IFS", " \t\n", 0);
	if (!var_get("PS2"))
		var_set("PS2", "> ", 0);
}

char **vars_environ(void)
{
	struct var *v;
	char **env;
	int n = 0;

	for (v = vars; v; v = v->next)
		n += v->exported && v->value;
	env = xmalloc((n + 1) * sizeof(*env));
	n = 0;
	for (v = vars; v; v = v->next)
		if (v->exported && v->value) {
			env[n] = xmalloc(strlen(v->name) + strlen(v->value) + 2);
			sprintf(env[n++], "%s=%s", v->name, v->value);
		}
	env[n] = NULL;
	return env;
}

/* value in single quotes, as the shell reads it back. */
static void print_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	putchar('\'');
}

void vars_print(int exported_only)
{
	struct var *v;

	for (v = vars; v; v = v->next) {
		if (exported_only && !v->exported)
			continue;
		if (exported_only)
			printf("export %s", v->name);
		else
			printf("%s", v->name);
		if (v->value) {
			putchar('=');
			print_quoted(v->value);
		}
		putchar('\n');
	}
}
